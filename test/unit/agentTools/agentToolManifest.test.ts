import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentToolInputJsonSchema, agentTools, vscodeAgentTools } from '../../../src/core/agentTools/agentToolSchemas';

interface ManifestTool {
  name: string;
  toolReferenceName?: string;
  canBeReferencedInPrompt?: boolean;
  when?: string;
  modelDescription: string;
  inputSchema: unknown;
}

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { languageModelTools: ManifestTool[] };
};

describe('languageModelTools in package.json', () => {
  it('declares exactly the tools the extension registers, with the schemas and texts the MCP server uses', () => {
    const declared = manifest.contributes.languageModelTools;
    expect(declared.map((t) => t.name)).toEqual([...vscodeAgentTools]);
    for (const tool of declared) {
      const name = tool.name as keyof typeof agentTools;
      expect(tool.inputSchema, `${name}: regenerate the schema from src/core/agentTools/agentToolSchemas.ts`).toEqual(
        agentToolInputJsonSchema(name),
      );
      expect(tool.modelDescription).toBe(agentTools[name].description);
      expect(tool.canBeReferencedInPrompt).toBe(true);
      expect(tool.toolReferenceName).toMatch(/^rlm[A-Z]\w+$/);
      // Restricted Mode: not offered.
      expect(tool.when).toBe('isWorkspaceTrusted');
    }
    expect(declared.find((t) => t.name === 'rlm_explore')?.toolReferenceName).toBe('rlmExplore');
  });
});
