"""Operations scripts (backup, restore check): run from the project root, see docs/operations.md."""
