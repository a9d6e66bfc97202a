// Lint for the whole repository. Besides typescript-eslint's recommended rules it enforces the
// layering of src/ (README, "Source layout"): each folder imports only the folders below it.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Each folder of src/ and the folders of ours it may import. Everything else of ours is off limits. */
export const LAYERS = {
  shared: [],
  graph: ["shared"],
  project: ["shared"],
  runtime: ["shared"],
  engine: ["shared", "graph", "project", "runtime", "scanner"],
  scanner: ["shared", "graph", "project"],
  pictures: ["shared", "graph"],
  webview: ["shared", "graph", "pictures"],
  cli: ["shared", "graph", "project", "engine", "scanner", "pictures"],
  extension: ["shared", "graph", "engine", "scanner", "pictures"],
};

const VSCODE_ONLY_IN_EXTENSION = {
  name: "vscode",
  message:
    "Only src/extension (and the tests that run inside VS Code) may import 'vscode'; pass what the logic needs in.",
};

function forbiddenLayers(layer) {
  const allowed = new Set([layer, ...LAYERS[layer]]);
  return Object.keys(LAYERS).filter((other) => !allowed.has(other));
}

function layerMessage(layer, other) {
  const below =
    LAYERS[layer].length > 0 ? `only ${LAYERS[layer].map((name) => `src/${name}`).join(", ")}` : "nothing of ours";
  return `src/${layer} may import ${below}, not src/${other}: the folders import only downward.`;
}

function layerRule(layer) {
  return [
    "error",
    {
      paths: layer === "extension" ? [] : [VSCODE_ONLY_IN_EXTENSION],
      patterns: forbiddenLayers(layer).map((other) => ({
        group: [`**/${other}`, `**/${other}/**`],
        message: layerMessage(layer, other),
      })),
    },
  ];
}

/**
 * The same rule for the forms no-restricted-imports does not see: require(), import() and
 * `typeof import()`. `specifier` is a regular expression source matched against the module name.
 */
function restrictedSpecifiers(specifier, message) {
  const value = `/${specifier}/`;
  return [
    `CallExpression[callee.name="require"][arguments.0.value=${value}]`,
    `ImportExpression[source.value=${value}]`,
    `TSImportType[argument.literal.value=${value}]`,
  ].map((selector) => ({ selector, message }));
}

function layerSyntaxRule(layer) {
  return [
    "error",
    ...(layer === "extension" ? [] : restrictedSpecifiers("^vscode$", VSCODE_ONLY_IN_EXTENSION.message)),
    ...forbiddenLayers(layer).flatMap((other) =>
      restrictedSpecifiers(`^(\\.\\.\\/)+${other}(\\/|$)`, layerMessage(layer, other)),
    ),
  ];
}

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "out/",
      ".vscode-test/",
      "node_modules/",
      "test/fixtures/",
      "bench/workspaces/",
      "bench/programs/",
      "examples/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      "@typescript-eslint/no-require-imports": "off",
      "no-restricted-imports": ["error", { paths: [VSCODE_ONLY_IN_EXTENSION] }],
      "no-restricted-syntax": ["error", ...restrictedSpecifiers("^vscode$", VSCODE_ONLY_IN_EXTENSION.message)],
    },
  },
  ...Object.keys(LAYERS).map((layer) => ({
    files: [`src/${layer}/**/*.ts`],
    rules: { "no-restricted-imports": layerRule(layer), "no-restricted-syntax": layerSyntaxRule(layer) },
  })),
  {
    // The pictures' page runs in a browser (a report, a webview): no Node there.
    files: ["src/webview/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["test/**"],
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    // Terminal output is asserted on escape sequence by escape sequence.
    rules: { "no-control-regex": "off" },
  },
  {
    files: ["test/integration/**/*.ts"],
    rules: { "no-restricted-imports": "off", "no-restricted-syntax": "off" },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
