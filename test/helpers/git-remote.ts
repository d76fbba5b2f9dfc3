export * from '../../scripts/lib/git-remote';
