import { strict as assert } from "node:assert";
import { fitted, GRAPH_SCALE, TIMELINE_ZOOM, timelineZoomed, zoomedAt, zoomText } from "../../src/webview/viewZoom";

describe("webview: zooming the pictures", () => {
  it("zooms the graph about a point: the drawing's point under it stays under it", () => {
    const before = { scale: 0.5, x: 40, y: -20 };
    const after = zoomedAt(before, 2, 300, 100);
    assert.equal(after.scale, 1);
    const under = (view: typeof before) => ({ x: (300 - view.x) / view.scale, y: (100 - view.y) / view.scale });
    assert.deepEqual(under(after), under(before));
  });

  it("keeps the graph's scale within its bounds, and the point still fixed at a bound", () => {
    const top = zoomedAt({ scale: 3, x: 0, y: 0 }, 10, 50, 50);
    assert.equal(top.scale, GRAPH_SCALE.max);
    assert.deepEqual({ x: (50 - top.x) / top.scale, y: (50 - top.y) / top.scale }, { x: 50 / 3, y: 50 / 3 });
    assert.equal(zoomedAt({ scale: 0.06, x: 0, y: 0 }, 0.1, 0, 0).scale, GRAPH_SCALE.min);
  });

  it("fits a big drawing into the canvas, centred across; a small one stays at its own size", () => {
    assert.deepEqual(fitted({ width: 800, height: 400 }, { width: 1600, height: 400 }), { scale: 0.5, x: 0, y: 0 });
    assert.deepEqual(fitted({ width: 800, height: 400 }, { width: 200, height: 100 }), { scale: 1, x: 300, y: 0 });
    assert.equal(fitted({ width: 800, height: 400 }, { width: 400, height: 1600 }).scale, 0.25);
  });

  it("steps the timeline's zoom in and out, back to exactly where it began, within its bounds", () => {
    let zoom = 1;
    for (let i = 0; i < 5; i++) zoom = timelineZoomed(zoom, 1);
    assert.ok(zoom > 7 && zoom < 8, String(zoom));
    for (let i = 0; i < 5; i++) zoom = timelineZoomed(zoom, -1);
    assert.equal(zoom, 1);
    assert.equal(timelineZoomed(1, -1), TIMELINE_ZOOM.min);
    assert.equal(timelineZoomed(TIMELINE_ZOOM.max, 1), TIMELINE_ZOOM.max);
  });

  it("says a zoom in a few characters", () => {
    assert.equal(zoomText(1), "×1");
    assert.equal(zoomText(2.25), "×2.25");
    assert.equal(zoomText(3.375), "×3.38");
  });
});
