//! Files compiled into the binary by `build.rs`: the starter AIMS written by `aims init` and the
//! sample AIMS used by `aims demo`.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
