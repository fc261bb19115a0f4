printf 'PK\003\004\000\000binary' > aims/archive.md
