"""The shell and the kernel. Importing a module of portal never builds the app: see portal.app."""
