// The machine the figures come from: they only compare with figures from the same machine.
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";

export function describeMachine() {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model.trim() ?? "unknown",
    cores: cores.length,
    memoryBytes: totalmem(),
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    // One-minute load average: other work on the machine makes every figure noisier.
    loadAverage: loadavg()[0],
  };
}
