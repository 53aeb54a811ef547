/** The smallest real preview: a 1×1 PNG, as a slicer's thumbnail and as the G-code comment block that carries it. */
import type { Thumbnail } from '../../src/analysis/gcode/metadata.js';

const PIXEL_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

export const PIXEL_THUMBNAILS: readonly Thumbnail[] = [{ format: 'png', widthPx: 1, heightPx: 1, base64: PIXEL_PNG_BASE64, line: 1 }];

/** Put in front of G-code, the analysis keeps it as the file's preview. */
export const PIXEL_THUMBNAIL_BLOCK = Buffer.from(`; thumbnail begin 1x1 ${PIXEL_PNG_BASE64.length}\n; ${PIXEL_PNG_BASE64}\n; thumbnail end\n`);
