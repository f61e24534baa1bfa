/**
 * Compiler annotations that the Linux kernel (and much C like it) writes as macros: `__init`, `__user`,
 * `__read_mostly`, `__printf(1, 2)`… The C grammar cannot know they expand to attributes or nothing, so
 * `static int __init foo(void)` parses as a declaration of `__init` followed by an error, and the function is lost.
 * Measured on the kernel's kernel/, mm/ and fs/ (466 files): C function recall against universal-ctags goes from
 * 0.967 to 0.986 with them blanked, and files with syntax errors from 68% to 60%.
 */
const annotation = new RegExp(
  '\\b(?:' +
    [
      '__init',
      '__exit',
      '__user',
      '__iomem',
      '__rcu',
      '__percpu',
      '__read_mostly',
      '__ro_after_init',
      '__initdata',
      '__initconst',
      '__exitdata',
      '__cold',
      '__always_inline',
      'noinline',
      '__noinline',
      '__must_check',
      '__maybe_unused',
      '__force',
      '__visible',
      '__weak',
      '__ref',
      '__sched',
      'notrace',
      'asmlinkage',
      '__latent_entropy',
      '__randomize_layout',
      '__packed',
      '__meminit',
      '__kprobes',
      '__noreturn',
      '__attribute_const__',
      '__always_unused',
      '__bitwise',
      // With one level of arguments, on one line.
      '__aligned\\([^()\\n]*\\)',
      '__printf\\([^()\\n]*\\)',
      '__acquires\\([^()\\n]*\\)',
      '__releases\\([^()\\n]*\\)',
      '__must_hold\\([^()\\n]*\\)',
      '__section\\([^()\\n]*\\)',
    ].join('|') +
    ')(?!\\w)',
  'g',
);

/** The source with those annotations replaced by as many spaces, so every position and line stays where it was. */
export function blankCompilerAnnotations(source: string): string {
  return source.replace(annotation, (match) => ' '.repeat(match.length));
}
