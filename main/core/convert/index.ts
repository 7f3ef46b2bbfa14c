// Conversion: pure plans from validation findings (plan.ts), ffmpeg arguments for them (ffmpeg-args.ts).
export { planConversion, targetFps, type PlanOptions } from './plan.ts';
export { fitInBox } from './geometry.ts';
export * from '../../common/conversion.ts';
