import { useEffect, useState } from 'preact/hooks';

/** The current time (epoch ms), re-read every second while `active`: countdowns and elapsed times tick with it. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
