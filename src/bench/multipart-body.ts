/**
 * A multipart/form-data body built by hand, so a benchmark or test controls field order, names and
 * bytes exactly as a slicer or browser sends them (superagent would reorder and re-encode).
 */
export interface RawPart { name: string; value: string | Buffer; filename?: string; contentType?: string }

export function multipartBody(parts: RawPart[], boundary = '----tulostamo' + Math.random().toString(16).slice(2)): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    const headers = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(headers, 'utf8'), Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
