import { useEffect, useRef, useState } from 'preact/hooks';
import { LayerMoveCollector, type LayerMoves } from '../../../src/analysis/gcode/layer-moves.js';
import { api, ApiError } from '../api.js';
import { reason, t } from '../i18n.js';

/** Where the layers come from: the patron's own file before upload, or the daemon for a job's G-code. */
export type LayerSource = { file: File } | { jobId: number };

const SIZE_PX = 320;
const MARGIN_PX = 8;

/** The same collector the daemon uses, over the browser's stream of the file: one layer in memory at a time. */
async function layerFromFile(file: File, layer: number): Promise<LayerMoves> {
  const collector = new LayerMoveCollector(layer);
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    collector.push(value);
  }
  return collector.finish();
}

function loadLayer(source: LayerSource, layer: number): Promise<LayerMoves> {
  return 'file' in source ? layerFromFile(source.file, layer) : api<LayerMoves>('GET', `/api/jobs/${source.jobId}/layers/${layer}`);
}

interface Box { minX: number; minY: number; maxX: number; maxY: number }

function extend(box: Box | null, moves: LayerMoves): Box | null {
  let b = box;
  for (const line of moves.polylines) {
    for (let i = 0; i < line.length; i += 2) {
      b ??= { minX: line[i], minY: line[i + 1], maxX: line[i], maxY: line[i + 1] };
      b.minX = Math.min(b.minX, line[i]); b.maxX = Math.max(b.maxX, line[i]);
      b.minY = Math.min(b.minY, line[i + 1]); b.maxY = Math.max(b.maxY, line[i + 1]);
    }
  }
  return b;
}

function draw(canvas: HTMLCanvasElement, moves: LayerMoves, box: Box): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, SIZE_PX, SIZE_PX);
  const scale = (SIZE_PX - 2 * MARGIN_PX) / Math.max(box.maxX - box.minX, box.maxY - box.minY, 1);
  ctx.strokeStyle = '#c2570c';
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  ctx.beginPath();
  // Y grows away from the front of the bed, so it is flipped to read like the view from above.
  for (const line of moves.polylines) {
    ctx.moveTo(MARGIN_PX + (line[0] - box.minX) * scale, SIZE_PX - MARGIN_PX - (line[1] - box.minY) * scale);
    for (let i = 2; i < line.length; i += 2) {
      ctx.lineTo(MARGIN_PX + (line[i] - box.minX) * scale, SIZE_PX - MARGIN_PX - (line[i + 1] - box.minY) * scale);
    }
  }
  ctx.stroke();
}

/** One layer of a G-code file drawn from above, with a slider to walk through the layers. */
export function LayerPreview({ source }: { source: LayerSource }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<Box | null>(null);
  const [layer, setLayer] = useState(0);
  const [moves, setMoves] = useState<LayerMoves | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Callers build the source object inline; what identifies it is the file or the job.
  const sourceKey = 'file' in source ? source.file : source.jobId;
  useEffect(() => { box.current = null; setLayer(0); }, [sourceKey]);
  useEffect(() => {
    let stale = false;
    loadLayer(source, layer).then((m) => {
      if (stale) return;
      // The frame grows with what has been seen, so walking up the layers does not rescale every step.
      box.current = extend(box.current, m);
      setMoves(m);
      setError(m.layerCount === 0 ? t('layers.none') : null);
      if (canvas.current && box.current) draw(canvas.current, m, box.current);
    }).catch((err: unknown) => {
      if (!stale) setError(err instanceof ApiError ? reason(err.code, err.params) : t('layers.none'));
    });
    return () => { stale = true; };
  }, [sourceKey, layer]);

  const count = moves?.layerCount ?? 0;
  return (
    <div class="layer-preview" data-test-id="layer-preview">
      <canvas ref={canvas} width={SIZE_PX} height={SIZE_PX} data-test-id="layer-canvas" data-layer={moves?.layer}
        role="img" aria-label={t('layers.alt', { layer: layer + 1, count })} />
      {count > 1 && (
        <label>
          {t('layers.slider', { layer: layer + 1, count })}
          <input type="range" min={0} max={count - 1} value={layer} data-test-id="layer-slider"
            onInput={(e) => setLayer(Number(e.currentTarget.value))} />
        </label>
      )}
      {moves?.truncated && <p class="muted">{t('layers.truncated')}</p>}
      {error && <p class="muted" role="status">{error}</p>}
    </div>
  );
}
