import type {
  ChatHostToWebview,
  ChatMeter,
  ChatModelInfo,
  ChatProgress,
  ChatTurn,
} from '../../../src/core/protocol/chatProtocol';

/** The latest progress of a running turn and when it arrived (webview clock), so elapsed time can tick locally. */
export interface LiveProgress {
  progress: ChatProgress;
  meter: ChatMeter;
  receivedAt: number;
}

/** Everything the panel shows, rebuilt from the host's messages. */
export interface ChatViewState {
  /** False until the host's first `state` arrives. */
  loaded: boolean;
  turns: ChatTurn[];
  live: Record<string, LiveProgress>;
  model: ChatModelInfo | undefined;
  workspaceName: string;
  trusted: boolean;
}

export const initialChatState: ChatViewState = {
  loaded: false,
  turns: [],
  live: {},
  model: undefined,
  workspaceName: '',
  trusted: true,
};

function upsertTurn(turns: ChatTurn[], turn: ChatTurn): ChatTurn[] {
  const index = turns.findIndex((t) => t.id === turn.id);
  if (index < 0) return [...turns, turn];
  const next = turns.slice();
  next[index] = turn;
  return next;
}

function withoutLive(live: Record<string, LiveProgress>, turnId: string): Record<string, LiveProgress> {
  if (!(turnId in live)) return live;
  const next = { ...live };
  delete next[turnId];
  return next;
}

/** Applies one host notification; `now` is the webview's clock (Date.now()). `focusInput` changes no state. */
export function applyHostMessage(state: ChatViewState, message: ChatHostToWebview, now: number): ChatViewState {
  switch (message.type) {
    case 'state': {
      const running = new Set(message.turns.filter((t) => t.status === 'running').map((t) => t.id));
      const live = Object.fromEntries(Object.entries(state.live).filter(([id]) => running.has(id)));
      return {
        loaded: true,
        turns: message.turns,
        live,
        model: message.model,
        workspaceName: message.workspaceName,
        trusted: message.trusted,
      };
    }
    case 'turnStarted':
      return { ...state, turns: upsertTurn(state.turns, message.turn) };
    case 'answerText': {
      const turn = state.turns.find((t) => t.id === message.turnId);
      // An ended turn's answer is final: a late delta must not overwrite it.
      if (!turn || turn.status !== 'running' || turn.answer === message.text) return state;
      return { ...state, turns: upsertTurn(state.turns, { ...turn, answer: message.text }) };
    }
    case 'progress': {
      const turn = state.turns.find((t) => t.id === message.turnId);
      if (!turn || turn.status !== 'running') return state;
      return {
        ...state,
        turns: upsertTurn(state.turns, { ...turn, meter: message.meter }),
        live: {
          ...state.live,
          [message.turnId]: { progress: message.progress, meter: message.meter, receivedAt: now },
        },
      };
    }
    case 'turnEnded':
      return { ...state, turns: upsertTurn(state.turns, message.turn), live: withoutLive(state.live, message.turn.id) };
    case 'modelChanged':
      return { ...state, model: message.model };
    case 'focusInput':
      return state;
  }
}

/** The turn that is running, if any: while there is one, Send is disabled. */
export function runningTurn(state: ChatViewState): ChatTurn | undefined {
  return state.turns.find((t) => t.status === 'running');
}
