// A minimal inspector client, as Chrome DevTools or an editor would be: it attaches to the address
// it is given, lets a process that waits for a debugger run, and stays until the process ends.
// Node 20 has WebSocket only behind --experimental-websocket: run as
// `node --experimental-websocket inspectorClient.mjs ws://…`. Prints "attached", then "closed".
const socket = new WebSocket(process.argv[2]);
socket.onopen = () => {
  socket.send(JSON.stringify({ id: 1, method: "Runtime.runIfWaitingForDebugger" }));
  console.log("attached");
};
socket.onclose = () => console.log("closed");
socket.onerror = (event) => {
  console.error(`inspector client: ${event.message ?? "socket error"}`);
  process.exitCode = 1;
};
