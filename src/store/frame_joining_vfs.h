#pragma once

namespace ds01::store {

/// The name of an SQLite VFS, registered on the first call: SQLite's "unix" VFS, except that
/// each write-ahead-log frame (header and page) goes to the file in one write instead of two.
/// A transaction writes a frame per page it changes, so this halves its write calls, which
/// are most of the kernel's share of a commit (docs/allocation.md). nullptr when SQLite has
/// no "unix" VFS; open with the default VFS then.
const char* FrameJoiningVfs();

}  // namespace ds01::store
