//! History: every fact about reviews and approvals is derived from git, never from what a file
//! says about itself. One pass over the commits reachable from HEAD (or `--at REV`) records what
//! each commit changed among the documents; a timeline per document follows it through renames;
//! approvals and reviews are read from commit trailers and bound to exact blob ids.
//!
//! The pass is cached under `.git/aims/`, keyed by commit id: a commit's record never changes.
//! The cache is an accelerator, never a witness: what approvals depend on is checked against
//! the git objects on every run ([`integrity`]), and [`assess`] judges every approval once.

pub mod approvals;
pub mod assess;
pub mod cache;
pub mod diff;
pub mod graph;
pub mod integrity;
pub mod kpi;
pub mod mark;
pub mod record;
pub mod signature;
pub mod similarity;
pub mod timeline;
pub mod walk;

use crate::load::DocumentMatcher;
use gix::ObjectId;
use record::CommitRecord;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use timeline::Timeline;

/// Why history could not be read.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("not inside a git repository")]
    NotARepository,
    #[error("the repository has no commits yet")]
    NoCommits,
    #[error("`{0}` does not name a commit")]
    BadRevision(String),
    #[error("git: {0}")]
    Git(#[source] crate::git::GitError),
    /// The documents of a commit could not be listed.
    #[error(transparent)]
    Documents(#[from] crate::load::source::SourceError),
    /// aims.yaml's `documents:`/`exclude:` globs do not compile.
    #[error("invalid document globs in aims.yaml: {0}")]
    Globs(#[source] globset::Error),
}

impl HistoryError {
    pub fn git(error: impl std::error::Error + Send + Sync + 'static) -> HistoryError {
        HistoryError::Git(crate::git::GitError::new(error))
    }

    /// What went wrong, without the `git:` prefix of the display form.
    pub fn detail(&self) -> String {
        match self {
            HistoryError::Git(error) => error.to_string(),
            HistoryError::Documents(crate::load::source::SourceError::Git(error)) => {
                error.to_string()
            }
            other => other.to_string(),
        }
    }
}

/// An open repository and where the project sits in it.
pub struct Repo {
    pub repo: gix::Repository,
    /// The project root relative to the work tree, with a trailing slash (or empty).
    pub project_prefix: String,
}

impl Repo {
    pub fn discover(project_root: &Path) -> Result<Repo, HistoryError> {
        let (repo, project_prefix) =
            crate::git::discover(project_root).ok_or(HistoryError::NotARepository)?;
        Ok(Repo {
            repo,
            project_prefix,
        })
    }

    /// The commit `at` names (a revision such as `v1.0` or `HEAD~3`), or HEAD.
    pub fn resolve(&self, at: Option<&str>) -> Result<ObjectId, HistoryError> {
        match at {
            Some(spec) => self
                .repo
                .rev_parse_single(spec)
                .map_err(|_| HistoryError::BadRevision(spec.to_owned()))?
                .object()
                .map_err(HistoryError::git)?
                .peel_to_commit()
                .map(|commit| commit.id)
                .map_err(|_| HistoryError::BadRevision(spec.to_owned())),
            None => match self.repo.head_id() {
                Ok(id) => Ok(id.detach()),
                // Only an unborn HEAD means "no commits yet"; a HEAD that names a commit
                // the object database cannot read is damage, and must not pass for an empty
                // history (which reports nothing and exits 0).
                Err(error) => match self.repo.head() {
                    Ok(head) if head.is_unborn() => Err(HistoryError::NoCommits),
                    _ => Err(HistoryError::git(error)),
                },
            },
        }
    }

    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow().unwrap_or(false)
    }

    /// A partial clone (`--filter=blob:none` and friends) lacks objects history needs.
    pub fn is_partial(&self) -> bool {
        let config = self.repo.config_snapshot();
        config.string("extensions.partialClone").is_some()
            || config.string("remote.origin.promisor").is_some()
    }
}

/// The result of the pass, for one starting commit.
#[derive(Debug)]
pub struct History {
    pub head: ObjectId,
    pub shallow: bool,
    pub partial: bool,
    /// Every commit reachable from `head`, newest first.
    pub records: Vec<CommitRecord>,
    /// Project-relative path at `head` → that document's timeline.
    pub timelines: BTreeMap<String, Timeline>,
    /// The cache disagreed with the git objects and was rebuilt from them.
    pub cache_rejected: bool,
    /// Caches under .git/aims/ may be read and written for this history (not `--no-cache`,
    /// not a shallow clone).
    pub cache: bool,
    /// The project's aims.yaml blob at `head`, if committed.
    pub config_blob: Option<String>,
    /// Where the time went, for `AIMS_TIMINGS=1`.
    pub timings: Timings,
    /// Evidence files (project-relative) → the newest commit that changed them (a record
    /// index), for the files [`Options::evidence`] named that history has seen change.
    pub evidence: BTreeMap<String, usize>,
}

/// Wall time per phase of a run, in order.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub phases: Vec<(&'static str, std::time::Duration)>,
    last: Option<std::time::Instant>,
}

impl Timings {
    /// Ends the current phase, naming it.
    pub fn lap(&mut self, phase: &'static str) {
        let now = std::time::Instant::now();
        let since = self.last.unwrap_or(now);
        self.phases.push((phase, now - since));
        self.last = Some(now);
    }

    /// Starts timing from now.
    pub fn start() -> Timings {
        Timings {
            phases: Vec::new(),
            last: Some(std::time::Instant::now()),
        }
    }
}

impl History {
    pub fn timeline(&self, path: &str) -> Option<&Timeline> {
        self.timelines.get(path)
    }

    /// Whether some commits' parents are missing (shallow clone), so dates may be truncated.
    pub fn truncated(&self) -> bool {
        self.shallow || self.records.iter().any(|record| record.boundary)
    }
}

/// Options of one pass.
pub struct Options<'a> {
    pub at: Option<&'a str>,
    /// Read and write the cache under `.git/aims/`.
    pub cache: bool,
    /// Evidence files (project-relative paths) whose last change to find, in the same pass.
    pub evidence: &'a BTreeSet<String>,
}

/// Runs (or reuses) the pass over history for the documents `matcher` selects.
pub fn load(
    repo: &Repo,
    matcher: &DocumentMatcher,
    options: &Options<'_>,
) -> Result<History, HistoryError> {
    let head = repo.resolve(options.at)?;
    let base = walk::Scope::documents(&repo.project_prefix, matcher);
    let shallow = repo.is_shallow();
    let boundaries: HashSet<ObjectId> = repo
        .repo
        .shallow_commits()
        .ok()
        .flatten()
        .map(|commits| commits.iter().copied().collect())
        .unwrap_or_default();
    let mut timings = Timings::start();
    let key = cache::scope_key(&base);
    let cached = if options.cache {
        cache::read(&repo.repo, &key)
    } else {
        None
    };
    timings.lap("read the cache");
    let current = timeline::documents_at(&repo.repo, head, &base)?;
    let config_blob = config_blob_at(&repo.repo, head, &base.config_path());
    timings.lap("list the documents");
    let signed = cached.as_ref().is_some_and(|cached| cached.signed);
    let mut pass = Pass::run(
        repo,
        head,
        &base,
        &current,
        &boundaries,
        cached,
        options.evidence,
        &mut timings,
    )?;
    timings.lap("walk history and build timelines");
    let mut cache_rejected = false;
    if pass.reuse != Reuse::Nothing {
        // A cache this user signed needs only its approval facts re-read; one anybody else
        // may have edited is believed only as far as the git objects confirm every fact.
        let agree = if signed {
            let agree = integrity::approval_facts_agree(&repo.repo, &pass.records)?;
            timings.lap("re-read approval commits from git");
            agree
        } else {
            let facts_agree = integrity::records_agree(&repo.repo, &pass.records)?;
            timings.lap("check cached commits against git");
            let agree = facts_agree
                && integrity::timelines_agree(
                    &repo.repo,
                    &repo.project_prefix,
                    &pass.records,
                    &pass.timelines,
                )?;
            timings.lap("check approved documents' changes against git");
            agree
        };
        if !agree {
            cache_rejected = true;
            pass = Pass::run(
                repo,
                head,
                &base,
                &current,
                &boundaries,
                None,
                options.evidence,
                &mut timings,
            )?;
            timings.lap("walk history again (cache rejected)");
        }
    }
    let unsigned = !signed && cache::can_sign();
    let fresh_timelines = !pass.timelines_from_cache && options.at.is_none();
    if options.cache && !shallow && (cache_rejected || pass.changed || unsigned || fresh_timelines)
    {
        // A look at the past (`--at`) adds to the cache kept for the branch's tip, never
        // replaces it with a smaller ancestry.
        let kept = match options.at {
            Some(_) if !cache_rejected => {
                cache::read(&repo.repo, &key).filter(|cached| head.to_hex() != cached.head.as_str())
            }
            _ => None,
        };
        let head_hex = head.to_string();
        match kept {
            Some(kept) => {
                let merged = kept.merged_with(&pass.records);
                cache::write(&repo.repo, &merged.contents());
            }
            None => cache::write(
                &repo.repo,
                &cache::binary::Contents {
                    format: cache::FORMAT,
                    key: &key,
                    head: &head_hex,
                    followed: pass.followed.iter().map(String::as_str).collect(),
                    records: &pass.records,
                    timelines: Some(&pass.timelines),
                },
            ),
        }
        timings.lap("write the cache");
    }
    let evidence = last_changes(&pass.records, options.evidence);
    Ok(History {
        evidence,
        timings,
        head,
        shallow,
        partial: repo.is_partial(),
        records: pass.records,
        timelines: pass.timelines,
        cache_rejected,
        cache: options.cache && !shallow,
        config_blob,
    })
}

/// The newest commit (record index) that changed each of `paths`; records are newest first.
fn last_changes(records: &[CommitRecord], paths: &BTreeSet<String>) -> BTreeMap<String, usize> {
    let mut found = BTreeMap::new();
    if paths.is_empty() {
        return found;
    }
    for (index, record) in records.iter().enumerate() {
        for change in &record.changes {
            if paths.contains(&change.path) && !found.contains_key(&change.path) {
                found.insert(change.path.clone(), index);
            }
        }
        if found.len() == paths.len() {
            break;
        }
    }
    found
}

/// The blob at repository path `path` in commit `commit`.
fn config_blob_at(repo: &gix::Repository, commit: ObjectId, path: &str) -> Option<String> {
    repo.find_commit(commit)
        .ok()?
        .tree()
        .ok()?
        .lookup_entry_by_path(path)
        .ok()
        .flatten()
        .filter(|entry| entry.mode().is_blob())
        .map(|entry| entry.object_id().to_string())
}

/// How much of a pass the cache supplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reuse {
    Nothing,
    Some,
    /// The cache was made for the same starting commit: no walk at all.
    Everything,
}

/// The records of one pass and the timelines built from them.
struct Pass {
    records: Vec<CommitRecord>,
    timelines: BTreeMap<String, Timeline>,
    /// Earlier names outside the document globs whose changes the records hold.
    followed: BTreeSet<String>,
    reuse: Reuse,
    /// Anything was computed that the cache did not hold.
    changed: bool,
    /// The timelines came from the cache (signed by this user, for the same head).
    timelines_from_cache: bool,
}

impl Pass {
    /// Walks the commits the cache lacks, builds the timelines, and while they lead to earlier
    /// names whose changes are not recorded (a document drafted in another folder, or once
    /// called `.mdwn`), records those names over the whole history too.
    // The pass's inputs are independent facts; a struct for them would only rename them.
    #[allow(clippy::too_many_arguments)]
    fn run(
        repo: &Repo,
        head: ObjectId,
        base: &walk::Scope,
        current: &BTreeMap<String, ObjectId>,
        boundaries: &HashSet<ObjectId>,
        cached: Option<cache::Cached>,
        evidence: &BTreeSet<String>,
        timings: &mut Timings,
    ) -> Result<Pass, HistoryError> {
        let shallow = !boundaries.is_empty();
        let mut followed: BTreeSet<String> = cached
            .as_ref()
            .map(|cached| cached.followed.iter().cloned().collect())
            .unwrap_or_default();
        // Evidence files are followed like earlier names of documents: without a cache, in
        // this one walk; with one, those it lacks are recorded over its commits below.
        let mut unrecorded_evidence: BTreeSet<String> = evidence
            .iter()
            .filter(|path| !followed.contains(*path) && !base.matcher.is_match(path))
            .cloned()
            .collect();
        if cached.is_none() {
            followed.append(&mut unrecorded_evidence);
        }
        let mut scope = base.clone();
        scope.followed = followed;
        let mut computed = 0;
        let (mut records, reuse) = match cached {
            Some(mut cached)
                if ObjectId::from_hex(cached.head.as_bytes()).ok() == Some(head) && !shallow =>
            {
                let timelines = cached.timelines.take();
                let records = cached.reachable_records();
                // Evidence files the cache never followed still need one pass over it.
                let fitting = timelines.filter(|timelines| {
                    unrecorded_evidence.is_empty() && fits(timelines, &records, current)
                });
                if let Some(timelines) = fitting {
                    timings.lap("reuse the cached timelines");
                    return Ok(Pass {
                        records,
                        timelines,
                        followed: scope.followed,
                        reuse: Reuse::Everything,
                        changed: false,
                        timelines_from_cache: true,
                    });
                }
                (records, Reuse::Everything)
            }
            cached => {
                let visits = walk::list_commits(&repo.repo, head)?;
                timings.lap("list the commits");
                let mut known = cached.map(cache::Cached::into_map).unwrap_or_default();
                let missing: Vec<walk::Visit> = visits
                    .iter()
                    .filter(|visit| {
                        !known.contains_key(&visit.id.to_string()) || boundaries.contains(&visit.id)
                    })
                    .cloned()
                    .collect();
                let reuse = if missing.len() < visits.len() {
                    Reuse::Some
                } else {
                    Reuse::Nothing
                };
                computed = missing.len();
                for record in walk::record_commits(
                    &repo.repo,
                    &missing,
                    &scope,
                    boundaries,
                    walk::Reading::Everything,
                )? {
                    known.insert(record.id.clone(), record);
                }
                timings.lap("diff the commits");
                let records = visits
                    .iter()
                    .filter_map(|visit| known.remove(&visit.id.to_string()))
                    .collect();
                (records, reuse)
            }
        };
        let mut changed = reuse == Reuse::Nothing || computed > 0;
        let head_id = head.to_string();
        loop {
            let built = timeline::build(&records, &head_id, current, |path| {
                scope.followed.contains(path)
                    || (!path.starts_with("../")
                        && scope.matcher.is_match(path)
                        && path != crate::config::CONFIG_FILE)
            });
            timings.lap("build timelines");
            let mut built = built;
            built.unrecorded.append(&mut unrecorded_evidence);
            if built.unrecorded.is_empty() {
                return Ok(Pass {
                    records,
                    timelines: built.timelines,
                    followed: scope.followed,
                    reuse,
                    changed,
                    timelines_from_cache: false,
                });
            }
            // Record the newly found names in every commit, and look again.
            let names = walk::Scope::names(&repo.project_prefix, built.unrecorded.clone());
            let visits: Vec<walk::Visit> = records
                .iter()
                .filter_map(|record| {
                    Some(walk::Visit {
                        id: ObjectId::from_hex(record.id.as_bytes()).ok()?,
                        parents: record
                            .parents
                            .iter()
                            .filter_map(|parent| ObjectId::from_hex(parent.as_bytes()).ok())
                            .collect(),
                    })
                })
                .collect();
            let extra = walk::record_commits(
                &repo.repo,
                &visits,
                &names,
                boundaries,
                walk::Reading::ChangesOnly,
            )?;
            for (record, extra) in records.iter_mut().zip(extra) {
                record.absorb(extra);
            }
            scope.followed.extend(built.unrecorded);
            changed = true;
            timings.lap("diff the commits for earlier names");
        }
    }
}

/// Whether cached timelines belong to these records and documents: one per document at the
/// head, each with its blob there, pointing only at records that exist.
fn fits(
    timelines: &BTreeMap<String, Timeline>,
    records: &[CommitRecord],
    current: &BTreeMap<String, ObjectId>,
) -> bool {
    timelines.len() == current.len()
        && current.iter().all(|(path, blob)| {
            timelines.get(path).is_some_and(|timeline| {
                timeline.path == *path
                    && *blob == timeline.blob.as_str()
                    && timeline.commits.len() == timeline.blobs.len()
                    && timeline.commits.len() == timeline.merges.len()
                    && timeline
                        .commits
                        .iter()
                        .all(|commit| *commit < records.len())
                    && timeline
                        .renames
                        .iter()
                        .all(|rename| rename.commit < records.len())
            })
        })
}

/// The documents of one commit with their history: what `aims status`, `aims log` and the
/// evidence site work from.
pub struct Snapshot {
    pub repo: Repo,
    pub source: crate::load::gitsource::TreeSource,
    pub documents: crate::load::DocumentSet,
    pub history: History,
}

/// Loads the documents as committed at `at` (or HEAD) and their history.
pub fn snapshot(
    config: &crate::config::Config,
    at: Option<&str>,
    cache: bool,
) -> Result<Snapshot, HistoryError> {
    let started = std::time::Instant::now();
    let repo = Repo::discover(&config.root)?;
    let commit = repo.resolve(at)?;
    let matcher = crate::load::DocumentMatcher::for_config(config).map_err(HistoryError::Globs)?;
    let source = crate::load::gitsource::TreeSource::new(&repo.repo, commit, &repo.project_prefix)
        .map_err(HistoryError::git)?;
    let documents = crate::load::load_documents(&source, &matcher)?;
    let evidence = crate::load::references::evidence_files(&documents, &source);
    let read = started.elapsed();
    let mut history = load(
        &repo,
        &matcher,
        &Options {
            at,
            cache,
            evidence: &evidence,
        },
    )?;
    history
        .timings
        .phases
        .insert(0, ("read and parse the documents", read));
    Ok(Snapshot {
        repo,
        source,
        documents,
        history,
    })
}

impl Snapshot {
    /// Judges every approval and review of the snapshot's documents.
    pub fn assess<'s>(
        &'s self,
        config: &'s crate::config::Config,
        today: jiff::civil::Date,
    ) -> assess::Assessment<'s> {
        assess::Assessment::new(
            &self.history,
            &self.repo.repo,
            &self.documents,
            config,
            today,
        )
    }
}
