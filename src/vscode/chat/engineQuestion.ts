import type { ChatTurn } from '../../core/protocol/chatProtocol';

/** What the engine is asked: the question, then any attached context in full (the panel shows it folded). */
export function engineQuestion(turn: Pick<ChatTurn, 'question' | 'context'>): string {
  return turn.context ? `${turn.question}\n\n${turn.context.label}:\n${turn.context.text}` : turn.question;
}
