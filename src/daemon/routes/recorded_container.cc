#include "daemon/routes/recorded_container.h"

#include <fmt/format.h>

#include "common/rfc3339.h"
#include "core/container_rows.h"
#include "core/refusals.h"
#include "daemon/router.h"
#include "store/audit_log.h"

namespace ds01::daemon {
namespace {

// The owner's name as the audit trail's targets write it.
std::string OwnerName(const RouteCall& call) {
  if (call.owner == call.caller.identity.uid) return call.caller.identity.user;
  return QueryValue(call.query(), "owner").value_or("");
}

// NoSuchContainer, or why a container removed at its exit is gone.
Error Missing(const RouteCall& call, const ApiDeps& deps) {
  Error missing = core::NoSuchContainer(call.name());
  auto tx = deps.store.Read();
  if (!tx.ok()) return missing;
  auto last = store::AuditLog(*tx).LastFor(OwnerName(call) + "/" + call.name());
  if (!last.ok() || !last->has_value() || (*last)->action != core::kRemovedAtExitAudit) {
    return missing;
  }
  return MakeError(ErrorCode::kNotFound,
                   fmt::format("Container '{}' is gone: the engine removed it when its command "
                               "exited, at {}, as --rm asked, and its logs went with it",
                               call.name(), FormatRfc3339((*last)->at)),
                   "to keep what a run writes, leave out --rm (container-remove it later) or "
                   "write it to a file in your workspace");
}

}  // namespace

Result<core::ContainerView> RecordedContainer(const RouteCall& call, const ApiDeps& deps) {
  auto found = core::ContainerViews(deps.store).Find(call.owner, call.name());
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value() || (*found)->record.docker_id.empty()) return Missing(call, deps);
  return std::move(**found);
}

Error AsMissing(Error error, const RouteCall& call, const ApiDeps& deps) {
  return error.code == ErrorCode::kNotFound ? Missing(call, deps) : std::move(error);
}

}  // namespace ds01::daemon
