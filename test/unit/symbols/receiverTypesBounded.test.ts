import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ReferenceResolver } from '../../../src/core/symbols/referenceResolver';
import { SymbolIndex } from '../../../src/core/symbols/symbolIndex';

// A Python class whose fields are each assigned from the others in several places and never get a type: inferring
// the type of `self.f0` may look at every assignment, but must not walk every path between them (exponential in the
// depth; a real class of this shape in the Linux kernel's tools took minutes for one file).
const fields = 8;
const assignments = 6;
function machineSource(): string {
  const lines = ['class Machine:', '    def __init__(self, seed):'];
  for (let f = 0; f < fields; f++)
    for (let a = 1; a <= assignments; a++) lines.push(`        self.f${f} = self.f${(f + a) % fields}`);
  lines.push('', '    def run(self):', '        self.f0.step()', '');
  return lines.join('\n');
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rlm-receiver-bounded-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('receiver typing through fields assigned from each other', () => {
  it('looks at each field assignment a bounded number of times', async () => {
    fs.writeFileSync(path.join(root, 'machine.py'), machineSource());
    const index = new SymbolIndex({ root, options: { workers: 0 } });
    await index.build(['machine.py']);
    const fieldLookups = vi.spyOn(ReferenceResolver.prototype, 'field');
    try {
      const graph = index.exportGraph();
      expect(graph.definitions.map((d) => d.qualifiedName)).toContain('Machine.run');
      // Each assignment is looked at once for each depth the lookup reaches it at (1, 3, 5 and 7 of at most 8); walking
      // every path would be 1 + 6 + 6² + 6³ + 6⁴ = 1,555 lookups for this one receiver.
      expect(fieldLookups.mock.calls.length).toBeLessThanOrEqual(fields * assignments * 4 + 1);
    } finally {
      fieldLookups.mockRestore();
    }
  });
});
