// Placeholder entry point; the sandbox issue fills this in.
return 0;
