#include "core/account_writer.h"

#include <spdlog/spdlog.h>

#include <charconv>

#include "core/container_account.h"

namespace ds01::core {
namespace {

// How many containers' writes are remembered; past it the set starts again, and a container
// forgotten gets its (identical) account written once more.
constexpr std::size_t kRemembered = 4096;

// The gid of "uid:gid", else `fallback`.
gid_t GidOf(std::string_view user, gid_t fallback) {
  const std::size_t colon = user.find(':');
  if (colon == std::string_view::npos) return fallback;
  gid_t gid = fallback;
  std::from_chars(user.data() + colon + 1, user.data() + user.size(), gid);
  return gid;
}

}  // namespace

void AccountWriter::Ensure(const store::ContainerRecord& record) {
  const std::string& id = record.docker_id;
  {
    std::unique_lock lock(mutex_);
    finished_.wait(lock, [&] { return !writing_.contains(id); });
    if (written_.contains(id)) return;
    writing_.insert(id);
  }
  const bool written = Write(record);
  std::lock_guard lock(mutex_);
  writing_.erase(id);
  if (written) {
    if (written_.size() >= kRemembered) written_.clear();
    written_.insert(id);
  }
  finished_.notify_all();
}

bool AccountWriter::Write(const store::ContainerRecord& record) {
  const auto failed = [&](const Error& error) {
    spdlog::warn("Giving {} an account in container {}: {}", record.user, record.name,
                 error.ToString());
    return false;
  };
  auto inspect = engine_.Inspect(record.docker_id);
  if (!inspect.ok()) return failed(inspect.error());
  // Its owner asked for a filesystem nothing writes to: they work by uid, without a name.
  if (inspect->read_only_rootfs) return true;
  const ContainerAccount account{record.user, record.uid, GidOf(inspect->user, record.uid)};
  auto passwd = engine_.ReadFile(record.docker_id, "/etc/passwd", kMaxAccountFileBytes);
  auto group = engine_.ReadFile(record.docker_id, "/etc/group", kMaxAccountFileBytes);
  // An image without the files gets them; one whose files cannot be read keeps its own.
  for (const Result<std::string>* file : {&passwd, &group}) {
    if (!file->ok() && file->error().code != ErrorCode::kNotFound) return failed(file->error());
  }
  Status wrote = engine_.WriteFiles(
      record.docker_id,
      AccountFiles(account, passwd.ok() ? *passwd : "", group.ok() ? *group : ""));
  if (!wrote.ok()) return failed(wrote.error());
  return true;
}

}  // namespace ds01::core
