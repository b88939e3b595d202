// Sample 5 — socket chat across an environment switch. `client.socket` follows the client's
// current environment: its listeners survive the switch, and messages sent while it is between
// servers are buffered and delivered, in order, once it is connected to the next one. Here the
// production chat server dies mid-conversation; the socket gives up on it after two reconnection
// attempts, fails over to staging, and the conversation goes on.
import 'reflect-metadata';
import type { Server } from 'socket.io';
import { FailoverClient, FastResponse } from '../../src';
import { startLocalServer } from '../shared/local-server';

interface ChatMessage {
  from: string;
  text: string;
}

/** A chat server: every message is broadcast to everyone; `history` answers with an ack. */
function chatServer(name: string) {
  const history: ChatMessage[] = [];
  return (io: Server): void => {
    io.use((socket, next) =>
      socket.handshake.auth.apiKey === 'chat-key-not-a-secret' ? next() : next(new Error('unauthorized')),
    );
    io.on('connection', (socket) => {
      socket.emit('system', `welcome to the ${name} chat server`);
      socket.on('message', (message: ChatMessage) => {
        history.push(message);
        io.emit('message', { ...message, via: name });
      });
      socket.on('history', (_query: unknown, ack: (count: number) => void) => ack(history.length));
    });
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const ok = () => new FastResponse('ok');
  const production = await startLocalServer('production', ok, { socket: chatServer('production') });
  const staging = await startLocalServer('staging', ok, { socket: chatServer('staging') });

  const socketOptions = {
    transports: ['websocket'],
    reconnectionAttempts: 2,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
  };
  const client = new FailoverClient({
    environments: {
      production: {
        apiUrl: production.url,
        apiKey: 'chat-key-not-a-secret',
        enableSocket: true,
        socketOptions,
      },
      staging: { apiUrl: staging.url, apiKey: 'chat-key-not-a-secret', enableSocket: true, socketOptions },
    },
    initialEnvironment: 'production',
  });

  // Listeners are registered once; they are re-attached on every reconnect and switch.
  let received = 0;
  client.socket.on('system', (text: string) => console.log(`   [system] ${text}`));
  client.socket.on('message', (m: ChatMessage & { via: string }) => {
    received++;
    console.log(`   ${m.from}: ${m.text}   (via ${m.via})`);
  });
  client.onEnvironmentChanged((to, from) => console.log(`-- environment switched ${from} → ${to}`));

  await client.socket.connect();
  console.log(`connected to ${client.socket.environment}`);
  client.socket.emit('message', { from: 'ada', text: 'hello, anyone here?' });
  client.socket.emit('message', { from: 'ada', text: 'the build is green' });
  await sleep(100);

  console.log('-- production chat server dies');
  await production.kill();
  await sleep(20);
  // Sent while the socket has no server: buffered, not lost.
  client.socket.emit('message', { from: 'ada', text: 'is it me or did the server just drop?' });
  client.socket.emit('message', { from: 'ada', text: 'sending this anyway' });
  console.log(`   (connected: ${client.socket.connected}, buffered: ${client.socket.bufferedCount})`);

  while (!client.socket.connected || client.socket.environment !== 'staging') await sleep(50);
  console.log(`connected to ${client.socket.environment}`);
  const count = await client.socket.emitWithAck<number>('history', {}, { timeoutMs: 2_000 });
  console.log(`staging's history holds ${count} messages (the buffered ones arrived)`);
  await sleep(100);
  console.log(`received ${received} messages in all`);
  if (received !== 4) throw new Error(`expected 4 messages, got ${received}`);

  await client.close();
  await staging.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
