/** Quotes: a file analysed before it is sent to the queue, so the patron sees the price first. */
import { z } from 'zod';
import type { ApiContext, Api } from '../api-context.js';
import { idParams, infillField, printOptionFields, supportsField } from '../schemas.js';
import { storedUpload, uploadMiddleware } from '../upload-middleware.js';
import { listPresetsFastestFirst, loadLibraryPolicy } from '../../slicing/slicer-profiles.js';
import { checkPrintChoices } from './print-choices.js';

/** Absent: keep what the quote had; null: no preference. */
const changedOption = z.string().trim().min(1).max(200).nullable().optional();
const requoteBody = z.strictObject({
  printerId: changedOption, material: changedOption, colour: changedOption, preset: changedOption, joinCode: changedOption,
  infillPercent: infillField.nullable().optional(), supports: supportsField.nullable().optional(),
});

export function registerQuoteRoutes(api: Api, ctx: ApiContext): void {
  api.add({
    method: 'get', path: '/api/print-options', tag: 'quotes', access: 'user',
    summary: "What a patron may choose for a model: the library's print qualities (presets), infill percentages and whether supports are offered",
    handle: () => {
      const policy = loadLibraryPolicy();
      return {
        presets: listPresetsFastestFirst(), defaultPreset: policy.defaultPreset,
        infillChoicesPercent: policy.infillChoicesPercent, supportsAllowed: policy.supportsAllowed,
      };
    },
  });

  api.add({
    method: 'post', path: '/api/quotes', tag: 'quotes', access: 'user', status: 202, body: printOptionFields,
    upload: { middleware: uploadMiddleware(ctx.uploads, ctx.config.maxUploadBytes), fileField: 'file' },
    summary: 'Upload a model or G-code for a quote (multipart field `file`): it is analysed (and sliced) ahead of queued jobs; '
      + 'poll GET /api/quotes/:id or listen for `quote:changed`',
    handle: ({ req, actor, body }) => {
      checkPrintChoices(ctx, body);
      const quote = ctx.quotes.create(actor, storedUpload(req), body);
      ctx.analysis.enqueueQuote(quote.id);
      return { quote };
    },
  });

  api.add({
    method: 'get', path: '/api/quotes/:id', tag: 'quotes', access: 'user', params: idParams,
    summary: 'One quote: `state` (analysing, ready, refused, failed, used, discarded) and, once analysed, the facts a job would carry',
    handle: ({ actor, params }) => ({ quote: ctx.quotes.get(actor, params.id) }),
  });

  api.add({
    method: 'post', path: '/api/quotes/:id/requote', tag: 'quotes', access: 'user', status: 202, params: idParams, body: requoteBody,
    summary: 'Quote the same stored file with other options (preset, material…); answers with the new quote and discards this one',
    handle: ({ actor, params, body }) => {
      checkPrintChoices(ctx, body);
      const quote = ctx.quotes.requote(actor, params.id, body);
      ctx.analysis.dropQuote(params.id);
      ctx.analysis.enqueueQuote(quote.id);
      return { quote };
    },
  });

  api.add({
    method: 'delete', path: '/api/quotes/:id', tag: 'quotes', access: 'user', params: idParams,
    summary: 'Let a quote go ("choose another file"); its file is removed by the next sweep unless a job uses it',
    handle: ({ actor, params }) => {
      const quote = ctx.quotes.discard(actor, params.id);
      ctx.analysis.dropQuote(params.id);
      return { quote };
    },
  });
}
