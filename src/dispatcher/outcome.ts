import type { DeadLetterReason } from '../bus/transport';
import { OnceOnlyError } from '../steps/use-inbox/errors';
import { DeferMessage, RejectMessage } from './errors';
import { scrubErrorText } from '../bus/scrub';
import type { ResolvedSubscription } from './subscription';

/** What becomes of a delivery whose handling failed. */
export type FailureOutcome =
  { kind: 'requeue'; delayMs: number; why: string } | { kind: 'deadLetter'; reason: DeadLetterReason };

/**
 * Section 6's rules: RejectMessage and OnceOnlyError dead-letter at once; DeferMessage and any
 * other error requeue (`handledCount` + 1) until `requeueCount` requeues were made, then
 * dead-letter with the error's name and scrubbed message. A publish's AggregateError is judged by
 * its members.
 */
export function outcomeOfFailure(
  error: unknown,
  handledCount: number,
  subscription: ResolvedSubscription,
): FailureOutcome {
  const verdict = classify(error);
  if (verdict.kind === 'reject') return deadLetter('RejectMessage', verdict.reason);
  if (verdict.kind === 'onceOnly') return deadLetter('OnceOnlyError', verdict.message);
  if (handledCount < subscription.requeueCount) {
    return verdict.kind === 'defer'
      ? { kind: 'requeue', delayMs: verdict.delayMs, why: 'DeferMessage' }
      : { kind: 'requeue', delayMs: subscription.requeueDelayMs, why: verdict.name };
  }
  return deadLetter(verdict.kind === 'defer' ? 'DeferMessage' : verdict.name, verdict.message);
}

type Verdict =
  | { kind: 'reject'; reason: string }
  | { kind: 'onceOnly'; message: string }
  | { kind: 'defer'; delayMs: number; name: string; message: string }
  | { kind: 'error'; name: string; message: string };

function classify(error: unknown): Verdict {
  if (error instanceof RejectMessage) return { kind: 'reject', reason: error.reason };
  if (error instanceof OnceOnlyError) return { kind: 'onceOnly', message: error.message };
  if (error instanceof DeferMessage) {
    return { kind: 'defer', delayMs: error.delayMs ?? 0, name: error.name, message: error.message };
  }
  if (error instanceof AggregateError && error.errors.length > 0) {
    const members = error.errors.map(classify);
    const reject = members.find((m) => m.kind === 'reject');
    if (reject) return reject;
    const failure = members.find((m) => m.kind === 'error');
    if (failure) return { kind: 'error', name: 'AggregateError', message: error.message };
    const defers = members.filter((m): m is Extract<Verdict, { kind: 'defer' }> => m.kind === 'defer');
    if (defers.length > 0) return { ...defers[0], delayMs: Math.max(...defers.map((d) => d.delayMs)) };
    return members[0];
  }
  if (error instanceof Error) return { kind: 'error', name: error.name, message: error.message };
  return { kind: 'error', name: 'Error', message: String(error) };
}

function deadLetter(name: string, message: string): FailureOutcome {
  return { kind: 'deadLetter', reason: { error: name, message: scrubErrorText(message) } };
}
