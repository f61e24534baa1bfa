import { describe, expect, it } from 'vitest';
import {
  apiKeySecretName,
  baseUrlProblem,
  endpointHostLabel,
  endpointNeedsApiKey,
  endpointOrigin,
  isAzureOpenAiEndpoint,
  isLocalEndpoint,
  normalizeBaseUrl,
  plainHttpWarning,
  stringHeaders,
} from '../../../src/vscode/llm/modelEndpoint';
import { endpointPresets } from '../../../src/vscode/llm/modelPresets';

describe('modelEndpoint', () => {
  it('binds a key to the origin: scheme, host and port, not the path', () => {
    expect(apiKeySecretName('https://api.openai.com/v1')).toBe('rlm.apiKey:https://api.openai.com');
    expect(apiKeySecretName('https://API.OpenAI.com:443/v1/')).toBe('rlm.apiKey:https://api.openai.com');
    expect(endpointOrigin('http://localhost:11434/v1')).toBe('http://localhost:11434');
    expect(apiKeySecretName('https://openrouter.ai/api/v1')).not.toBe(apiKeySecretName('https://api.openai.com/v1'));
    expect(apiKeySecretName('http://127.0.0.1:1234/v1')).not.toBe(apiKeySecretName('http://127.0.0.1:11434/v1'));
    expect(apiKeySecretName('http://api.openai.com/v1')).not.toBe(apiKeySecretName('https://api.openai.com/v1'));
  });

  it('counts only this machine as local', () => {
    expect(isLocalEndpoint('http://localhost:11434/v1')).toBe(true);
    expect(isLocalEndpoint('http://127.0.0.1:1234/v1')).toBe(true);
    expect(isLocalEndpoint('http://127.1.2.3/v1')).toBe(true);
    expect(isLocalEndpoint('http://[::1]:8000/v1')).toBe(true);
    expect(isLocalEndpoint('https://localhost.example.com/v1')).toBe(false);
    expect(isLocalEndpoint('http://127.0.0.1.nip.io/v1')).toBe(false);
    expect(isLocalEndpoint('http://10.0.0.5:8000/v1')).toBe(false);
  });

  it('wants a stored key for remote https endpoints only', () => {
    expect(endpointNeedsApiKey('https://api.openai.com/v1')).toBe(true);
    expect(endpointNeedsApiKey('https://NAME.openai.azure.com/openai/v1')).toBe(true);
    expect(endpointNeedsApiKey('https://localhost:8443/v1')).toBe(false);
    expect(endpointNeedsApiKey('http://localhost:11434/v1')).toBe(false);
    expect(endpointNeedsApiKey('http://10.0.0.5:8000/v1')).toBe(false);
  });

  it('rejects what is not an http(s) URL and URLs with credentials', () => {
    expect(baseUrlProblem('https://api.openai.com/v1')).toBeUndefined();
    expect(baseUrlProblem('api.openai.com/v1')).toMatch(/not a URL/);
    expect(baseUrlProblem('ftp://example.com/v1')).toMatch(/not http or https/);
    expect(baseUrlProblem('https://user:sk-secret@example.com/v1')).toMatch(/Set API Key/);
  });

  it('normalizes trailing slashes and labels by host', () => {
    expect(normalizeBaseUrl(' http://localhost:11434/v1/ ')).toBe('http://localhost:11434/v1');
    expect(normalizeBaseUrl('https://api.openai.com')).toBe('https://api.openai.com');
    expect(endpointHostLabel('http://127.0.0.1:1234/v1')).toBe('127.0.0.1:1234');
    expect(endpointHostLabel('https://api.openai.com/v1')).toBe('api.openai.com');
  });

  it('recognizes Azure OpenAI hosts', () => {
    expect(isAzureOpenAiEndpoint('https://contoso.openai.azure.com/openai/v1')).toBe(true);
    expect(isAzureOpenAiEndpoint('https://contoso.services.ai.azure.com/openai/v1')).toBe(true);
    expect(isAzureOpenAiEndpoint('https://openai.azure.com.evil.example/v1')).toBe(false);
  });

  it('keeps only string headers', () => {
    expect(stringHeaders({ 'HTTP-Referer': 'https://x', n: 1, o: {} })).toEqual({ 'HTTP-Referer': 'https://x' });
    expect(stringHeaders(['a'])).toEqual({});
    expect(stringHeaders(null)).toEqual({});
  });

  it('has valid fixed URLs in every preset, and asks for the others', () => {
    for (const preset of endpointPresets) {
      if (preset.baseUrl) expect(baseUrlProblem(preset.baseUrl)).toBeUndefined();
      else expect(preset.askUrl).toBeDefined();
    }
    const needKey = endpointPresets.filter((p) => p.baseUrl && endpointNeedsApiKey(p.baseUrl)).map((p) => p.id);
    expect(needKey).toEqual(['openai', 'openrouter']);
  });

  it('warns about plain http only when it leaves this machine', () => {
    expect(plainHttpWarning('http://192.168.1.20:8000/v1')).toMatch(
      /^192\.168\.1\.20:8000 is a plain http endpoint on another machine: .*unencrypted/,
    );
    expect(plainHttpWarning('http://models.example.com/v1')).toMatch(/models\.example\.com is a plain http endpoint/);
    for (const url of [
      'https://api.openai.com/v1',
      'http://localhost:11434/v1',
      'http://127.0.0.1:1234/v1',
      'http://[::1]:8080/v1',
    ]) {
      expect(plainHttpWarning(url), url).toBeUndefined();
    }
  });
});
