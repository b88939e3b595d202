// Minimal typing for the part of autocannon's programmatic API the server bench uses (it ships no types).
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string;
    connections?: number;
    pipelining?: number;
    duration?: number;
  }
  interface AutocannonResult {
    requests: { average: number; total: number };
    latency: { average: number; p99: number };
    errors: number;
    non2xx: number;
  }
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
  export = autocannon;
}
