#include "api/wire_health.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::RoundTrip;

HealthReport FullReport() {
  HealthReport report;
  auto& [name, state, probed, status, failing_streak, probes] = report;
  name = "web";
  state = ContainerState::kRunning;
  probed = true;
  status = "unhealthy";
  failing_streak = 3;
  probes = {HealthProbe{"2026-12-05T01:00:00Z", "2026-12-05T01:00:01Z", 1, "refused\n"}};
  return report;
}

TEST(WireHealth, EveryFieldSurvivesTheTripUnderItsDocumentedKey) {
  EXPECT_EQ(RoundTrip(FullReport()), FullReport());
  EXPECT_EQ(
      Keys(nlohmann::json(FullReport())),
      (std::vector<std::string>{"failing_streak", "name", "probed", "probes", "state", "status"}));
  EXPECT_EQ(Keys(nlohmann::json(FullReport().probes[0])),
            (std::vector<std::string>{"end", "exit_code", "output", "start"}));
}

}  // namespace
}  // namespace ds01::api
