import { afterEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { SerialTransport } from '../../../src/printer/transport/serial-transport.js';

type MockBinding = typeof SerialPortMock.binding;
type MockPort = Awaited<ReturnType<MockBinding['open']>>;

/** The real transport over the mock binding; the wrapper only hands the test the port it opened. */
function setup(path = '/dev/ttyMOCK0') {
  const base = SerialPortMock.binding;
  base.createPort(path, { echo: false, record: true });
  const opened: MockPort[] = [];
  const binding: MockBinding = {
    ...base,
    list: () => base.list(),
    open: async (o) => { const p = await base.open(o); opened.push(p); return p; },
  };
  const transport = new SerialTransport({ path, baudRate: 115200, binding });
  const lines: string[] = [];
  transport.on('line', (l) => lines.push(l));
  return { transport, lines, port: () => opened[opened.length - 1] };
}

/** Data events go through a stream: give them a few macrotasks to arrive. */
const settle = () => new Promise((r) => setTimeout(r, 20));

afterEach(() => SerialPortMock.binding.reset());

describe('SerialTransport over SerialPortMock', () => {
  it('splits on \\n, \\r\\n and bare \\r, also across chunk boundaries', async () => {
    const { transport, lines, port } = setup();
    await transport.open();
    port().emitData('ok\nT:20.0 /0.0\r\nec');
    port().emitData('ho:busy: processing\rok N3 P15');
    port().emitData(' B3\r');
    port().emitData('\nstart\n');
    await settle();
    expect(lines).toEqual(['ok', 'T:20.0 /0.0', 'echo:busy: processing', 'ok N3 P15 B3', 'start']);
    await transport.close();
  });

  it('strips NUL bytes and decodes bad bytes as latin-1 without throwing', async () => {
    const { transport, lines, port } = setup();
    await transport.open();
    port().emitData(Buffer.from([0x00, 0x73, 0x74, 0x61, 0x72, 0x74, 0x0a]));
    port().emitData(Buffer.from([0x45, 0x72, 0x72, 0xff, 0xfe, 0xc3, 0x0a]));
    await settle();
    expect(lines).toEqual(['start', 'Err\u00ff\u00fe\u00c3']);
    await transport.close();
  });

  it('writes exactly the bytes it is given', async () => {
    const { transport, port } = setup();
    await transport.open();
    transport.write('N1 M115*39\n');
    transport.write('M117 caf\u00e9\n');
    await settle();
    expect(port().recording.toString('latin1')).toBe('N1 M115*39\nM117 caf\u00e9\n');
    await transport.close();
  });

  it('reports open failures as a rejected promise and stays closed', async () => {
    const transport = new SerialTransport({ path: '/dev/ttyNOPE', baudRate: 115200, binding: SerialPortMock.binding });
    await expect(transport.open()).rejects.toThrow(/ttyNOPE/);
    expect(transport.isOpen()).toBe(false);
    transport.write('M105\n');
  });

  it('emits no disconnected event for a close it asked for, and can open again', async () => {
    const { transport, lines, port } = setup();
    const reasons: string[] = [];
    transport.on('disconnected', (r) => reasons.push(r));
    await transport.open();
    await transport.close();
    expect(transport.isOpen()).toBe(false);
    await transport.open();
    port().emitData('ok\n');
    await settle();
    expect(lines).toEqual(['ok']);
    await transport.close();
    expect(reasons).toEqual([]);
  });
});
