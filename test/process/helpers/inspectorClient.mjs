// A minimal inspector client, as Chrome DevTools or an editor would be: it attaches to the address
// it is given, lets a process that waits for a debugger run, and stays until the process ends.
// Given `fileUrl generatedLine:column expression`, it first sets a breakpoint at that position of
// the file's compiled code (where its source map puts a TypeScript line, as an editor that knows
// the map does), and when it stops there prints the TypeScript line the script's own inline
// source map gives for the paused frame and the expression's value there, then goes on.
// Node 20 has WebSocket only behind --experimental-websocket: run as
// `node --experimental-websocket inspectorClient.mjs ws://… [fileUrl line:column expression]`.
import { SourceMap } from "node:module";

const [url, fileUrl, position, expression] = process.argv.slice(2);
const socket = new WebSocket(url);
const pending = new Map();
const maps = new Map();
let ids = 0;

function send(method, params = {}) {
  const id = ++ids;
  socket.send(JSON.stringify({ id, method, params }));
  return new Promise((resolve) => pending.set(id, resolve));
}

socket.onopen = async () => {
  console.log("attached");
  if (fileUrl) {
    const [lineNumber, columnNumber] = position.split(":").map(Number);
    await send("Debugger.enable");
    await send("Debugger.setBreakpointByUrl", { url: fileUrl, lineNumber, columnNumber });
  }
  await send("Runtime.runIfWaitingForDebugger");
};

socket.onmessage = async ({ data }) => {
  const message = JSON.parse(data);
  if (message.id) return pending.get(message.id)?.(message.result);
  const { params } = message;
  if (
    message.method === "Debugger.scriptParsed" &&
    params.url === fileUrl &&
    params.sourceMapURL?.startsWith("data:")
  ) {
    const json = Buffer.from(params.sourceMapURL.slice(params.sourceMapURL.indexOf(",") + 1), "base64");
    maps.set(params.scriptId, new SourceMap(JSON.parse(json.toString("utf8"))));
  }
  if (message.method !== "Debugger.paused") return;
  const [frame] = params.callFrames;
  const { lineNumber, columnNumber, scriptId } = frame.location;
  const original = maps.get(scriptId)?.findEntry(lineNumber, columnNumber);
  const value = await send("Debugger.evaluateOnCallFrame", { callFrameId: frame.callFrameId, expression });
  const file = original?.originalSource?.split("/").pop();
  console.log(`paused at ${file}:${original && original.originalLine + 1} ${expression}=${value.result.value}`);
  await send("Debugger.resume");
};

socket.onclose = () => console.log("closed");
socket.onerror = (event) => {
  console.error(`inspector client: ${event.message ?? "socket error"}`);
  process.exitCode = 1;
};
