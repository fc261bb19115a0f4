//! Writing a file so a reader (another aims, git, an editor) sees the old content or the new,
//! never half of it: write a sibling temporary file, then rename it over the target.

use std::path::Path;

/// Writes via a uniquely named temporary file in the same directory and a rename, so a crash
/// never leaves a half-written document and two writers never share a temporary file. A file
/// that already exists keeps its permissions (an executable hook stays executable); a new one
/// gets the usual 0644, not the 0600 of a temporary file.
pub fn write_atomically(target: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent)?;
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let permissions = match std::fs::metadata(target) {
        Ok(metadata) => Some(metadata.permissions()),
        Err(_) => default_permissions(),
    };
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".aims-tmp");
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    let mut temporary = builder.tempfile_in(parent)?;
    temporary.write_all(contents)?;
    temporary.persist(target).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt as _;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

#[cfg(test)]
mod tests {
    use super::write_atomically;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let target = dir.path().join("nested/policy.md");
        write_atomically(&target, b"one").expect("first write");
        write_atomically(&target, b"two").expect("second write");
        assert_eq!(std::fs::read(&target).expect("read back"), b"two");
        let names: Vec<_> = std::fs::read_dir(target.parent().expect("parent"))
            .expect("list")
            .map(|entry| entry.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("policy.md")]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_the_permissions_of_an_existing_file() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("temporary directory");
        let hook = dir.path().join("pre-commit");
        std::fs::write(&hook, "#!/bin/sh\n").expect("write hook");
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        write_atomically(&hook, b"#!/bin/sh\nexit 0\n").expect("rewrite");
        let mode = std::fs::metadata(&hook).expect("stat").permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
        let fresh = dir.path().join("new.md");
        write_atomically(&fresh, b"x").expect("new file");
        let mode = std::fs::metadata(&fresh)
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}
