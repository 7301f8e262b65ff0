#include "docker/file_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace ds01::docker {
namespace {

using Writer = std::unique_ptr<struct archive, decltype(&archive_write_free)>;
using Reader = std::unique_ptr<struct archive, decltype(&archive_read_free)>;
using Entry = std::unique_ptr<struct archive_entry, decltype(&archive_entry_free)>;

// libarchive's write callback: appends to the std::string it was given.
la_ssize_t Append(struct archive* /*archive*/, void* out, const void* data, std::size_t size) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(data), size);
  return static_cast<la_ssize_t>(size);
}

}  // namespace

std::string TarOf(const std::vector<ArchiveEntry>& entries) {
  std::string tar;
  Writer writer(archive_write_new(), archive_write_free);
  archive_write_set_format_pax_restricted(writer.get());
  archive_write_set_bytes_in_last_block(writer.get(), 1);  // no padding to a 10 KiB block
  archive_write_open(writer.get(), &tar, nullptr, Append, nullptr);
  for (const ArchiveEntry& file : entries) {
    Entry entry(archive_entry_new(), archive_entry_free);
    archive_entry_set_pathname(entry.get(), file.path.c_str());
    archive_entry_set_filetype(entry.get(), file.directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(entry.get(), file.mode);
    archive_entry_set_uid(entry.get(), file.uid);
    archive_entry_set_gid(entry.get(), file.gid);
    archive_entry_set_size(entry.get(),
                           file.directory ? 0 : static_cast<la_int64_t>(file.content.size()));
    archive_write_header(writer.get(), entry.get());
    if (!file.directory) archive_write_data(writer.get(), file.content.data(), file.content.size());
  }
  archive_write_close(writer.get());
  return tar;
}

namespace {

// The content of the regular file whose header `reader` has just read.
Result<std::string> ContentOf(struct archive* reader, struct archive_entry* entry,
                              std::size_t max_bytes) {
  const la_int64_t size = archive_entry_size(entry);
  if (size < 0 || static_cast<std::size_t>(size) > max_bytes) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "the file is larger than " + std::to_string(max_bytes) + " bytes");
  }
  std::string content(static_cast<std::size_t>(size), '\0');
  const la_ssize_t got = archive_read_data(reader, content.data(), content.size());
  if (got != size) return MakeError(ErrorCode::kInvalidArgument, "the archive is cut short");
  return content;
}

Result<Reader> OpenTar(std::string_view tar) {
  Reader reader(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(reader.get());
  if (archive_read_open_memory(reader.get(), tar.data(), tar.size()) != ARCHIVE_OK) {
    return MakeError(ErrorCode::kInvalidArgument, "the archive is not a tar");
  }
  return reader;
}

}  // namespace

Result<std::string> SoleFileOf(std::string_view tar, std::size_t max_bytes) {
  Result<Reader> reader = OpenTar(tar);
  if (!reader.ok()) return std::move(reader).error();
  struct archive_entry* entry = nullptr;
  if (archive_read_next_header(reader->get(), &entry) != ARCHIVE_OK ||
      archive_entry_filetype(entry) != AE_IFREG) {
    return MakeError(ErrorCode::kInvalidArgument, "the engine's archive holds no regular file");
  }
  return ContentOf(reader->get(), entry, max_bytes);
}

Result<std::string> FileIn(std::string_view tar, std::string_view path, std::size_t max_bytes) {
  Result<Reader> reader = OpenTar(tar);
  if (!reader.ok()) return std::move(reader).error();
  struct archive_entry* entry = nullptr;
  while (archive_read_next_header(reader->get(), &entry) == ARCHIVE_OK) {
    if (archive_entry_filetype(entry) == AE_IFREG && archive_entry_pathname(entry) == path) {
      return ContentOf(reader->get(), entry, max_bytes);
    }
  }
  return MakeError(ErrorCode::kNotFound, "the archive has no file " + std::string(path));
}

}  // namespace ds01::docker
