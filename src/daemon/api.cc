#include "daemon/api.h"

#include "daemon/routes/attach.h"
#include "daemon/routes/containers.h"
#include "daemon/routes/events.h"
#include "daemon/routes/exec.h"
#include "daemon/routes/health.h"
#include "daemon/routes/host.h"
#include "daemon/routes/images.h"
#include "daemon/routes/logs.h"
#include "daemon/routes/prune.h"
#include "daemon/routes/stats.h"
#include "daemon/routes/wait.h"

namespace ds01::daemon {

Api::Api(ApiDeps deps) : deps_(deps), router_(deps_.authoriser, deps_.store, deps_.engine_calls) {
  AddContainerRoutes(router_, deps_);
  AddExecRoutes(router_, deps_);
  AddLogsRoutes(router_, deps_);
  AddWaitRoutes(router_, deps_);
  AddAttachRoutes(router_, deps_);
  AddStatsRoutes(router_, deps_);
  AddHostRoutes(router_, deps_);
  AddEventRoutes(router_, deps_);
  AddImageRoutes(router_, deps_);
  AddHealthRoutes(router_, deps_);
  AddPruneRoutes(router_, deps_);
}

}  // namespace ds01::daemon
