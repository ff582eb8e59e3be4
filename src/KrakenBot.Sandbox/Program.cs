// Placeholder entry point; the sandbox host arrives with its issue.
return 0;
