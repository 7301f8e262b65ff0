#include "store/frame_joining_vfs.h"

#include <sqlite3.h>

#include <cstring>
#include <memory>
#include <new>
#include <type_traits>

namespace ds01::store {
namespace {

// SQLite writes a log frame as its 24-byte header, then the page right after it
// (sqlite.org/fileformat.html, "WAL file format"); the page size is at most 64 KiB.
constexpr int kFrameHeaderBytes = 24;
constexpr int kLargestFrameBytes = kFrameHeaderBytes + 65536;

// SQLite allocates szOsFile bytes per open file: this struct, then the wrapped VFS's file.
struct JoiningFile {
  sqlite3_file base;  // first: SQLite uses a JoiningFile* as an sqlite3_file*
  sqlite3_file* real = nullptr;
  std::unique_ptr<unsigned char[]> frame;  // write-ahead logs only: header + page, joined
  bool header_pending = false;             // frame holds a header not yet written
  sqlite3_int64 header_offset = 0;
};

static_assert(sizeof(JoiningFile) % alignof(sqlite3_int64) == 0,
              "the wrapped file must stay aligned");

sqlite3_vfs* Unix() {
  static sqlite3_vfs* unix_vfs = sqlite3_vfs_find("unix");
  return unix_vfs;
}

JoiningFile* Of(sqlite3_file* file) { return reinterpret_cast<JoiningFile*>(file); }

int WritePendingHeader(JoiningFile* f) {
  if (!f->header_pending) return SQLITE_OK;
  f->header_pending = false;
  return f->real->pMethods->xWrite(f->real, f->frame.get(), kFrameHeaderBytes, f->header_offset);
}

// A 24-byte write to a log waits; when the next call writes the page right after it, both go
// out in one write. Anything else writes the header first, so the file always ends up with
// exactly what SQLite wrote, and a crash between the two writes loses only a frame that was
// not committed yet (the commit is the last frame's page).
int Write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  JoiningFile* f = Of(file);
  if (f->header_pending && offset == f->header_offset + kFrameHeaderBytes &&
      kFrameHeaderBytes + amount <= kLargestFrameBytes) {
    std::memcpy(f->frame.get() + kFrameHeaderBytes, data, static_cast<std::size_t>(amount));
    f->header_pending = false;
    return f->real->pMethods->xWrite(f->real, f->frame.get(), kFrameHeaderBytes + amount,
                                     f->header_offset);
  }
  if (int rc = WritePendingHeader(f); rc != SQLITE_OK) return rc;
  if (f->frame != nullptr && amount == kFrameHeaderBytes) {
    std::memcpy(f->frame.get(), data, kFrameHeaderBytes);
    f->header_offset = offset;
    f->header_pending = true;
    return SQLITE_OK;
  }
  return f->real->pMethods->xWrite(f->real, data, amount, offset);
}

int Close(sqlite3_file* file) {
  JoiningFile* f = Of(file);
  const int written = WritePendingHeader(f);
  const int closed = f->real->pMethods->xClose(f->real);
  f->~JoiningFile();
  return written != SQLITE_OK ? written : closed;
}

// Every other method writes a pending header, then hands the call to the wrapped file.
template <auto kMethod, typename Signature>
struct Forward;

template <auto kMethod, typename Result, typename... Args>
struct Forward<kMethod, Result (*)(sqlite3_file*, Args...)> {
  static Result Call(sqlite3_file* file, Args... args) {
    JoiningFile* f = Of(file);
    if constexpr (std::is_same_v<Result, int>) {
      if (int rc = WritePendingHeader(f); rc != SQLITE_OK) return rc;
    } else {
      (void)WritePendingHeader(f);  // xShmBarrier cannot fail; a failed write resurfaces
    }
    return (f->real->pMethods->*kMethod)(f->real, args...);
  }
};

template <auto kMethod>
constexpr auto kForward =
    Forward<kMethod,
            std::remove_cvref_t<decltype(std::declval<sqlite3_io_methods>().*kMethod)>>::Call;

const sqlite3_io_methods kMethods = {
    3,  // the version of the unix VFS's files: shared memory, then memory-mapped reads
    Close,
    kForward<&sqlite3_io_methods::xRead>,
    Write,
    kForward<&sqlite3_io_methods::xTruncate>,
    kForward<&sqlite3_io_methods::xSync>,
    kForward<&sqlite3_io_methods::xFileSize>,
    kForward<&sqlite3_io_methods::xLock>,
    kForward<&sqlite3_io_methods::xUnlock>,
    kForward<&sqlite3_io_methods::xCheckReservedLock>,
    kForward<&sqlite3_io_methods::xFileControl>,
    kForward<&sqlite3_io_methods::xSectorSize>,
    kForward<&sqlite3_io_methods::xDeviceCharacteristics>,
    kForward<&sqlite3_io_methods::xShmMap>,
    kForward<&sqlite3_io_methods::xShmLock>,
    kForward<&sqlite3_io_methods::xShmBarrier>,
    kForward<&sqlite3_io_methods::xShmUnmap>,
    kForward<&sqlite3_io_methods::xFetch>,
    kForward<&sqlite3_io_methods::xUnfetch>,
};

int Open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  auto* f = new (file) JoiningFile{};
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int rc = Unix()->xOpen(Unix(), name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == nullptr) {
    f->~JoiningFile();
    file->pMethods = nullptr;  // nothing to close
    return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
  }
  if (f->real->pMethods->iVersion < kMethods.iVersion) {
    // Not a file this wrapper knows how to stand in for: refuse rather than guess.
    f->real->pMethods->xClose(f->real);
    f->~JoiningFile();
    file->pMethods = nullptr;
    return SQLITE_CANTOPEN;
  }
  if ((flags & SQLITE_OPEN_WAL) != 0) {
    f->frame = std::make_unique<unsigned char[]>(kLargestFrameBytes);
  }
  f->base.pMethods = &kMethods;
  return SQLITE_OK;
}

}  // namespace

const char* FrameJoiningVfs() {
  static sqlite3_vfs vfs;
  static const char* name = []() -> const char* {
    if (Unix() == nullptr) return nullptr;
    vfs = *Unix();
    vfs.pNext = nullptr;
    vfs.zName = "ds01-frame-joining";
    vfs.szOsFile = static_cast<int>(sizeof(JoiningFile)) + Unix()->szOsFile;
    vfs.xOpen = Open;
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) return nullptr;
    return vfs.zName;
  }();
  return name;
}

}  // namespace ds01::store
