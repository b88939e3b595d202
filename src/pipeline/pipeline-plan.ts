import type { HandlerClass, ServiceRegistry } from '../requests';
import { PipelineConfigurationError } from './errors';
import { HandlerTiming } from './handler-timing';
import { declaredSteps, type StepDeclaration } from './pipeline-step';

/** What a step handler class may check about its own options when a pipeline is built. */
export interface StepValidationSite {
  /** The target handler whose pipeline is being built. */
  readonly handlerName: string;
  readonly step: number;
  /** The processor's services: a step checks that the one it needs is there. */
  readonly services: ServiceRegistry;
}

/** A step handler class may carry a static check of its decorator params, run once per pipeline. */
export type ValidatedStepClass = HandlerClass & {
  validateStep?(params: readonly unknown[], site: StepValidationSite): void;
};

/** One doll of a pipeline, outermost first; the target handler is the one without a step. */
export interface PlanLink {
  readonly handler: HandlerClass;
  readonly params: readonly unknown[];
  readonly step?: number;
}

/** The shape of one handler's Russian doll, read once per handler class and cached. */
export interface PipelinePlan {
  readonly target: HandlerClass;
  readonly links: readonly PlanLink[];
}

// Keyed by the class itself (not its name): two classes may share a name.
const structuralPlans = new WeakMap<HandlerClass, PipelinePlan>();

/**
 * The ordered dolls of `target`'s pipeline: Before steps by ascending step, the target, then
 * After steps by ascending step. Checks what needs no services: integer steps, no duplicates.
 */
export function planPipeline(target: HandlerClass): PipelinePlan {
  let plan = structuralPlans.get(target);
  if (!plan) {
    plan = buildPlan(target);
    structuralPlans.set(target, plan);
  }
  return plan;
}

/** Runs every step class's own `validateStep` against the services of a processor. */
export function validatePlan(plan: PipelinePlan, services: ServiceRegistry): void {
  const handlerName = plan.target.name;
  for (const link of plan.links) {
    const check = (link.handler as ValidatedStepClass).validateStep;
    if (link.step !== undefined && check)
      check.call(link.handler, link.params, { handlerName, step: link.step, services });
  }
}

function buildPlan(target: HandlerClass): PipelinePlan {
  const declarations = declaredSteps(target);
  const seen = new Map<string, StepDeclaration>();
  for (const d of declarations) {
    if (typeof d.step !== 'number' || !Number.isInteger(d.step)) {
      throw new PipelineConfigurationError(
        `${target.name}: ${d.handler.name} (declared on ${d.declaredOn}.handle) has step ${String(d.step)}; a step must be a finite integer.`,
      );
    }
    const key = `${d.timing}:${d.step}`;
    const clash = seen.get(key);
    if (clash) {
      throw new PipelineConfigurationError(
        `${target.name}: step ${d.step} (${d.timing}) is used twice — by ${clash.handler.name} on ${clash.declaredOn}.handle` +
          ` and by ${d.handler.name} on ${d.declaredOn}.handle. Give each step its own number.`,
      );
    }
    seen.set(key, d);
  }
  const byStep = (a: StepDeclaration, b: StepDeclaration) => a.step - b.step;
  const toLink = (d: StepDeclaration): PlanLink => ({
    handler: d.handler,
    params: d.params,
    step: d.step,
  });
  const before = declarations
    .filter((d) => d.timing !== HandlerTiming.After)
    .sort(byStep)
    .map(toLink);
  const after = declarations
    .filter((d) => d.timing === HandlerTiming.After)
    .sort(byStep)
    .map(toLink);
  return { target, links: [...before, { handler: target, params: [] }, ...after] };
}
