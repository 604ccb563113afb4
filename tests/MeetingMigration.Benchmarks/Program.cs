// Placeholder; benchmarks are added by the sandbox and engine issues.
return 0;
