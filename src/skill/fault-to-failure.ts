import { HardwareFault, type FaultCode } from '../../hardware/common.ts';
import { SkillFailure, type FailureReason } from './failure.ts';

const FAULT_REASONS: Readonly<Record<FaultCode, FailureReason>> = {
  collision: 'collision',
  'protective-stop': 'hardware-fault',
  'joint-limit': 'unreachable',
  'not-connected': 'hardware-fault',
  'communication-lost': 'hardware-fault',
  rejected: 'unreachable',
  stalled: 'blocked',
  'driver-error': 'hardware-fault',
};

/** Maps a part's fault to the skill failure a retry or fallback can decide on; anything else passes unchanged. */
export function faultToFailure(error: unknown): unknown {
  if (!(error instanceof HardwareFault)) return error;
  return new SkillFailure(FAULT_REASONS[error.code], error.message, { detail: { part: error.part, code: error.code } });
}
