// Drafts made fixable: "Make it fit X" converts a draft's file into the data folder and re-checks the
// session with the copy; an edit (category, alt text, owners) re-checks it with the file as it is now.
// Sessions of the same file, category and tier share one conversion (one file, several accounts).
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountRegistry } from '../core/accounts/registry.ts';
import { convertFile, type ConvertOutcome } from '../core/convert/convert-file.ts';
import { locateFfmpeg, type FfmpegTool } from '../core/convert/ffmpeg-tool.ts';
import { Limiter } from '../core/convert/limiter.ts';
import { planConversion } from '../core/convert/plan.ts';
import { probe } from '../core/convert/probe.ts';
import type { ConversionRecord, PlanOutcome } from '../common/conversion.ts';
import { fail, isXferFailure } from '../common/errors.ts';
import type { Ledger } from '../core/ledger/index.ts';
import type { Session, SessionState } from '../common/session.ts';
import { rulesFor } from '../core/media/rules.ts';
import type { MediaCategory, Tier } from '../common/media-types.ts';
import { draftFor } from '../core/sessions/prepare.ts';
import { describeChange, retakeSegmentHashes } from '../core/engine/index.ts';

/** Where fitted copies live, inside the data folder. Originals are never written. */
export const CONVERTED_DIR = 'converted';

export interface ConversionEvent {
  sessionId: string;
  state: 'converting' | 'done' | 'failed' | 'cancelled';
  percent: number | null;
  etaSec: number | null;
  /** What went wrong (failed), in plain words. */
  message: string | null;
}

export interface SessionEdits {
  category?: MediaCategory | undefined;
  altText?: string | null | undefined;
  owners?: readonly string[] | undefined;
}

export interface FittingDeps {
  ledger: Ledger;
  accounts: AccountRegistry;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  onSessionChanged(id: string): void;
  onConversion(event: ConversionEvent): void;
}

interface Running {
  controller: AbortController;
  sessions: Set<string>;
  done: Promise<ConvertOutcome>;
}

/** States whose file and settings may still change: nothing has been sent yet, or the upload can start over. */
const EDITABLE: readonly SessionState[] = ['draft', 'ready', 'failed', 'cancelled', 'expired'];

export class Fitting {
  readonly #deps: FittingDeps;
  readonly #limiter = new Limiter();
  readonly #running = new Map<string, Running>();
  #tool: Promise<FfmpegTool> | null = null;
  #swept = false;

  constructor(deps: FittingDeps) {
    this.#deps = deps;
  }

  get outDir(): string {
    return join(this.#deps.dataDir, CONVERTED_DIR);
  }

  /** The ffmpeg in use; an environment failure that says how to get one when there is none. */
  tool(): Promise<FfmpegTool> {
    const found = (this.#tool ??= locateFfmpeg({ env: this.#deps.env ?? process.env }));
    // A missing ffmpeg is looked for again next time: the user may have installed one meanwhile.
    found.catch(() => {
      if (this.#tool === found) this.#tool = null;
    });
    return found;
  }

  /** What "Make it fit X" would do for this session, read from the file as it is now. */
  async plan(sessionId: string): Promise<PlanOutcome> {
    const session = this.#deps.ledger.requireSession(sessionId);
    const validation = await this.#validate(session.file, session.mediaCategory, this.#tierOf(session));
    const inspection = validation.inspection;
    const unreadVideo = inspection?.mediaType?.startsWith('video/') === true && inspection.video === undefined;
    const probed = unreadVideo ? await this.tool().then((tool) => probe(tool, session.file)) : null;
    return planConversion(validation, { probed: probed?.video ?? undefined });
  }

  /** Converts the draft's file and re-checks the session with the copy. Resolves to the updated session. */
  async fit(sessionId: string, options: { confirmed?: boolean } = {}): Promise<Session> {
    const session = this.#deps.ledger.requireSession(sessionId);
    if (session.state !== 'draft') {
      fail('bad_request', `Only a draft needs fitting; this session is ${session.state}`);
    }
    const tier = this.#tierOf(session);
    const key = JSON.stringify([session.file, session.mediaCategory, tier, options.confirmed === true]);
    // Registered before the first await, so a second session of the same file joins this one.
    let running = this.#running.get(key);
    if (running === undefined) {
      const controller = new AbortController();
      const sessions = new Set<string>();
      const done = (async () => {
        const tool = await this.tool();
        await this.#sweepPartials();
        return convertFile(session.file, {
          tool,
          outDir: this.outDir,
          tier,
          category: session.mediaCategory,
          confirmed: options.confirmed,
          naming: 'keyed',
          signal: controller.signal,
          limiter: this.#limiter,
          onProgress: (progress) => {
            for (const id of sessions) {
              this.#deps.onConversion({ sessionId: id, state: 'converting', ...progress, message: null });
            }
          },
        });
      })();
      running = { controller, sessions, done };
      this.#running.set(key, running);
      const forget = () => this.#running.delete(key);
      done.then(forget, forget);
    }
    running.sessions.add(sessionId);
    this.#deps.onConversion({ sessionId, state: 'converting', percent: 0, etaSec: null, message: null });
    let outcome: ConvertOutcome;
    try {
      outcome = await running.done;
    } catch (thrown) {
      if (isXferFailure(thrown)) {
        const state = thrown.error.kind === 'cancelled' ? 'cancelled' : 'failed';
        this.#deps.onConversion({ sessionId, state, percent: null, etaSec: null, message: thrown.error.message });
      }
      throw thrown;
    }
    const updated =
      outcome.status === 'fits'
        ? await this.recheck(sessionId, {})
        : await this.#refresh(this.#deps.ledger.requireSession(sessionId), {
            path: outcome.output,
            category: outcome.plan.category,
            conversion: outcome.record,
            // X takes alt text for images and GIFs only: a GIF made into video cannot keep it.
            dropAltText: !rulesFor(outcome.plan.category).altText.value.allowed,
          });
    this.#deps.onConversion({ sessionId, state: 'done', percent: 100, etaSec: 0, message: null });
    return updated;
  }

  /** Stops the conversion this session waits for (and any other session sharing it). */
  cancel(sessionId: string): boolean {
    for (const running of this.#running.values()) {
      if (!running.sessions.has(sessionId)) continue;
      running.controller.abort();
      return true;
    }
    return false;
  }

  isConverting(sessionId: string): boolean {
    return [...this.#running.values()].some((running) => running.sessions.has(sessionId));
  }

  /** Applies edits and checks the file again: a draft whose problems are gone becomes ready, and back. */
  async recheck(sessionId: string, edits: SessionEdits): Promise<Session> {
    const session = this.#deps.ledger.requireSession(sessionId);
    if (!EDITABLE.includes(session.state)) {
      fail('bad_request', `This session is ${session.state}; pause or cancel it before editing it`);
    }
    if (this.isConverting(sessionId)) fail('bad_request', 'This session is being converted; wait or cancel first');
    return this.#refresh(session, {
      path: session.file,
      category: edits.category ?? session.mediaCategory,
      altText: edits.altText === undefined ? session.altText : edits.altText,
      owners: edits.owners ?? session.additionalOwners,
      conversion: session.conversion,
    });
  }

  close(): void {
    for (const running of this.#running.values()) running.controller.abort();
  }

  async #refresh(
    session: Session,
    change: {
      path: string;
      category: MediaCategory;
      altText?: string | null;
      owners?: readonly string[];
      conversion: ConversionRecord | null;
      dropAltText?: boolean;
    },
  ): Promise<Session> {
    const { ledger, accounts } = this.#deps;
    if (session.accountId === null) fail('bad_request', 'This session has no account; move it to one first');
    // null is the user clearing the alt text (kept only when absent), not "keep it".
    const altText =
      change.dropAltText === true ? null : change.altText === undefined ? session.altText : change.altText;
    const dropped = altText === null && session.altText !== null && change.altText !== null;
    const next = await draftFor({ ledger, accounts }, accounts.list(), {
      path: change.path,
      accountId: session.accountId,
      category: change.category,
      owners: change.owners ?? session.additionalOwners,
      altText,
      ...(change.conversion !== null && { conversion: change.conversion }),
    });
    const patch = {
      file: next.file,
      fingerprint: next.fingerprint,
      totalBytes: next.totalBytes,
      mediaType: next.mediaType,
      mediaCategory: next.mediaCategory,
      additionalOwners: next.additionalOwners,
      altText: next.altText,
      validation: next.validation,
      chunkSize: next.chunkSize,
      segmentsTotal: next.segmentsTotal,
      error: next.error,
      conversion: next.conversion ?? null,
      notice: dropped ? 'Alt text removed: X takes none for video' : null,
    };
    const changedMedia = next.file !== session.file || next.mediaCategory !== session.mediaCategory;
    if (changedMedia && session.mediaId !== null) ledger.resetUpload(session.id);
    // draft ↔ ready follows the new verdict; a failed, cancelled or expired session keeps its state (Retry).
    const target: SessionState = session.state === 'draft' || session.state === 'ready' ? next.state : session.state;
    const updated =
      target === session.state
        ? ledger.updateSession(session.id, patch, [session.state])
        : ledger.transition(session.id, [session.state], target, patch);
    // Hashes taken of the bytes it held before would refuse the new ones as "changed while sent".
    if (next.file !== session.file || describeChange(session.fingerprint, next.fingerprint) !== null) {
      retakeSegmentHashes(ledger, updated);
    }
    this.#deps.onSessionChanged(updated.id);
    return updated;
  }

  #tierOf(session: Session): Tier {
    return session.accountId === null ? 'standard' : this.#deps.accounts.get(session.accountId).tier;
  }

  async #validate(path: string, category: MediaCategory, tier: Tier) {
    const { validateFile } = await import('../core/media/validate-file.ts');
    return validateFile(path, { category, tier });
  }

  /** A crash mid-conversion can leave a hidden partial file: remove those once, before the first conversion. */
  async #sweepPartials(): Promise<void> {
    if (this.#swept) return;
    this.#swept = true;
    const names = await readdir(this.outDir).catch(() => [] as string[]);
    // Only this conversion is registered yet (the sweep runs before its ffmpeg starts): no partial is live.
    if (this.#running.size > 1) return;
    await Promise.all(
      names.filter((name) => name.startsWith('.partial-')).map((name) => rm(join(this.outDir, name), { force: true })),
    );
  }
}
