#include "policy/tmpfs_options.h"

#include <fmt/format.h>

#include "common/units.h"
#include "policy/bind_rules.h"
#include "policy/host_path.h"

namespace ds01::policy {
namespace {

constexpr std::size_t kMaxTmpfs = 8;
constexpr unsigned kMaxMode = 07777;

Error Invalid(std::string message, std::string hint) {
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), std::move(hint));
}

bool Overlaps(std::string_view a, std::string_view b) { return IsWithin(a, b) || IsWithin(b, a); }

Status CheckTarget(const std::string& target, const CreateRequest& request, std::size_t index) {
  const bool scratch =
      IsWithin(target, "/tmp") || IsWithin(target, "/var/tmp") || IsWithin(target, "/run");
  if (IsSystemPath(target) && !scratch) {
    return Invalid(fmt::format("tmpfs at '{}' refused: it would hide a system path of the "
                               "container",
                               target),
                   "put it at /tmp, /run or a place of its own, e.g. /scratch");
  }
  for (const BindMount& bind : request.binds) {
    if (!Overlaps(target, bind.target)) continue;
    return Invalid(
        fmt::format("tmpfs at '{}' overlaps the bind mount at '{}'", target, bind.target),
        "put the tmpfs elsewhere, e.g. /scratch");
  }
  for (std::size_t i = 0; i < index; ++i) {
    if (!Overlaps(target, request.tmpfs[i].target)) continue;
    return Invalid(
        fmt::format("tmpfs at '{}' overlaps the one at '{}'", target, request.tmpfs[i].target),
        "give each tmpfs a place of its own");
  }
  return Ok();
}

}  // namespace

Status CheckTmpfsMounts(CreateRequest* request) {
  if (request->tmpfs.size() > kMaxTmpfs) {
    return Invalid(fmt::format("{} tmpfs mounts asked for; at most {} are allowed",
                               request->tmpfs.size(), kMaxTmpfs),
                   "use fewer, larger ones");
  }
  const std::uint64_t memory = request->memory_bytes.value_or(0);
  std::uint64_t sized = 0;
  for (std::size_t i = 0; i < request->tmpfs.size(); ++i) {
    TmpfsMount& mount = request->tmpfs[i];
    auto target = NormalizePath(mount.target, "tmpfs target");
    if (!target.ok()) return std::move(target).error();
    mount.target = std::move(*target);
    DS01_RETURN_IF_ERROR(CheckTarget(mount.target, *request, i));
    if (mount.mode && *mount.mode > kMaxMode) {
      return Invalid(fmt::format("tmpfs mode {:o} is not a permission mode", *mount.mode),
                     "give it in octal, e.g. mode=1777");
    }
    if (!mount.size_bytes) {
      mount.size_bytes = memory;
      continue;
    }
    if (*mount.size_bytes == 0) {
      return Invalid("A tmpfs size must be greater than 0", "give e.g. size=1g, or leave it out");
    }
    sized += *mount.size_bytes;
    if (*mount.size_bytes > memory || sized > memory) {
      return MakeError(ErrorCode::kLimitExceeded,
                       fmt::format("tmpfs sizes of {} in all are above the container's memory "
                                   "of {}, which holds what a tmpfs holds",
                                   FormatSize(sized), FormatSize(memory)),
                       "ask for smaller tmpfs mounts, or more --memory (up to your limit)");
    }
  }
  return Ok();
}

}  // namespace ds01::policy
