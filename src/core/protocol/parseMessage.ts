import { safeParse, type GenericSchema, type InferOutput } from 'valibot';

/**
 * A webview message checked against its schema, or undefined when it does not fit (the host drops and logs it).
 * The pipe stops at the first failed check, so an oversized string is never run through the later patterns.
 */
export function parseMessage<TSchema extends GenericSchema>(
  schema: TSchema,
  raw: unknown,
): InferOutput<TSchema> | undefined {
  const result = safeParse(schema, raw, { abortEarly: true, abortPipeEarly: true });
  return result.success ? result.output : undefined;
}
