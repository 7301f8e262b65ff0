#include "api/wire_prune.h"

#include "api/wire_test_support.h"

namespace ds01::api {
namespace {

using testing::Keys;
using testing::Millis;
using testing::RoundTrip;
using Strings = std::vector<std::string>;

// Every field set and none to its default; the binding makes a member added later a compile
// error here until it is filled.
Pruned FullPruned() {
  Pruned pruned;
  auto& [name, owner, project, id, size_bytes, since] = pruned;
  name = "train";
  owner = Owner{1001, "alice"};
  project = "thesis";
  id = "0123abcd";
  size_bytes = 12'582'912;
  since = Millis(1704060000250);
  return pruned;
}

PruneReport FullReport() {
  PruneReport report;
  auto& [dry_run, removed, skipped, space_reclaimed_bytes] = report;
  dry_run = true;
  removed = {FullPruned()};
  skipped = {PruneSkipped{"eval", Owner{1001, "alice"}, "it is running now"}};
  space_reclaimed_bytes = 12'582'912;
  return report;
}

TEST(WirePrune, EveryFieldSurvivesTheTrip) {
  EXPECT_EQ(RoundTrip(FullReport()), FullReport());
  EXPECT_EQ(RoundTrip(PruneReport{}), PruneReport{});
  EXPECT_EQ(RoundTrip(ContainerPruneRequest{86400, true}), (ContainerPruneRequest{86400, true}));
  EXPECT_EQ(RoundTrip(ContainerPruneRequest{0, false}), (ContainerPruneRequest{0, false}));
  EXPECT_EQ(RoundTrip(ImagePruneRequest{true}), ImagePruneRequest{true});
}

TEST(WirePrune, KeysAreTheDocumentedOnesAndUnsetRequestFieldsAreLeftOut) {
  const nlohmann::json json = FullReport();
  EXPECT_EQ(Keys(json), (Strings{"dry_run", "removed", "skipped", "space_reclaimed_bytes"}));
  EXPECT_EQ(Keys(json["removed"][0]),
            (Strings{"id", "name", "owner", "project", "since", "size_bytes"}));
  EXPECT_EQ(json["removed"][0]["since"], "2023-12-31T22:00:00.250Z");
  EXPECT_EQ(Keys(json["skipped"][0]), (Strings{"name", "owner", "reason"}));
  EXPECT_EQ(nlohmann::json(ContainerPruneRequest{}), nlohmann::json::object());
  EXPECT_EQ(Keys(nlohmann::json(ContainerPruneRequest{60, true})), (Strings{"dry_run", "until"}));
  EXPECT_EQ(nlohmann::json(ImagePruneRequest{}), nlohmann::json::object());
}

TEST(WirePrune, AMalformedReportIsAnErrorNotACrash) {
  nlohmann::json json = FullReport();
  json.erase("skipped");
  EXPECT_EQ(FromWire<PruneReport>(json).error().message, "key 'skipped' not found");
  json = FullReport();
  json["removed"][0]["since"] = "yesterday";
  EXPECT_EQ(FromWire<PruneReport>(json).error().code, ErrorCode::kProtocol);
  json = FullReport();
  json["space_reclaimed_bytes"] = "a lot";
  EXPECT_EQ(FromWire<PruneReport>(json).error().code, ErrorCode::kProtocol);
}

}  // namespace
}  // namespace ds01::api
