export default { test: { include: ["*.test.mjs"], testTimeout: 20_000, hookTimeout: 30_000 } };
