// Types of workspace-env.mjs for the TypeScript that imports it (the benchmarks).
export declare function workspaceEnv(root: string, base?: NodeJS.ProcessEnv, nodeBinDir?: string): NodeJS.ProcessEnv;
