import { describe, expect, it } from 'vitest';
import {
  LlmAbortedError,
  LlmAuthError,
  LlmBadRequestError,
  LlmUnavailableError,
} from '../../../src/core/llm/llmErrors';
import {
  isModelNotConfiguredError,
  ModelNotConfiguredError,
  modelErrorActions,
} from '../../../src/vscode/llm/modelClients';

describe('modelErrorActions', () => {
  it('offers the action a ModelNotConfiguredError names, also from another module copy', () => {
    expect(modelErrorActions(new ModelNotConfiguredError('x', 'setApiKey'))).toEqual(['setApiKey']);
    const foreign = Object.assign(new Error('x'), { name: 'ModelNotConfiguredError', action: 'configureModel' });
    expect(isModelNotConfiguredError(foreign)).toBe(true);
    expect(modelErrorActions(foreign)).toEqual(['configureModel']);
    expect(
      isModelNotConfiguredError(Object.assign(new Error('x'), { name: 'ModelNotConfiguredError', action: 'other' })),
    ).toBe(false);
  });

  it('maps core error kinds to buttons', () => {
    expect(modelErrorActions(new LlmAuthError('m', 401, 'https://h', 'bad key'))).toEqual([
      'setApiKey',
      'configureModel',
    ]);
    expect(modelErrorActions(new LlmBadRequestError('m', 400, 'https://h', 'no model'))).toEqual([
      'configureModel',
      'retry',
    ]);
    expect(modelErrorActions(new LlmUnavailableError('m', 429, 3, 1000, 'rate limit'))).toEqual([
      'retry',
      'configureModel',
    ]);
    expect(modelErrorActions(new LlmAbortedError('m'))).toEqual([]);
    expect(modelErrorActions(new Error('boom'))).toEqual(['retry', 'showLog']);
  });

  it('prefers the action an adapter error carries', () => {
    const own = Object.assign(new LlmAuthError('m', 401, 'https://h', 'x'), { action: 'configureModel' });
    expect(modelErrorActions(own)).toEqual(['configureModel']);
  });
});
