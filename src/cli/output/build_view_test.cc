#include "cli/output/build_view.h"

#include <gtest/gtest.h>

#include <sstream>

namespace ds01::cli {
namespace {

api::BuildLine Step(int number, int of, std::string instruction) {
  api::BuildLine line;
  line.step = api::BuildLine::Step{number, of, std::move(instruction)};
  return line;
}

api::BuildLine Output(std::string text) {
  api::BuildLine line;
  line.output = std::move(text);
  return line;
}

TEST(BuildView, OnATerminalStepsCarryTheirCounterAndTimeAndOutputIsIndented) {
  FakeClock clock;
  std::ostringstream out;
  BuildView view(out, true, clock);
  view.Show(Step(1, 2, "FROM ds01-test/base:latest"));
  view.Show(Output(" ---> 1f2e3d4c5b6a\n"));
  clock.Advance(std::chrono::seconds(72));
  view.Show(Step(2, 2, "RUN make"));
  view.Show(Output(" ---> Running in 0a1b2c\n"));
  view.Show(Output("compiling"));
  view.Show(Output(" main.c\nlinking\n"));
  view.Show(Output("Removing intermediate container 0a1b2c\nSuccessfully built 9f8e\n"));
  view.Finish();
  EXPECT_EQ(out.str(),
            "[1/2 0:00] FROM ds01-test/base:latest\n"
            "[2/2 1:12] RUN make\n"
            "      compiling main.c\n"
            "      linking\n");
}

TEST(BuildView, WithoutATerminalStepsArePlainLines) {
  FakeClock clock;
  std::ostringstream out;
  BuildView view(out, false, clock);
  view.Show(Step(1, 1, "RUN echo hi"));
  view.Show(Output("hi\r\n"));
  view.Show(Output("no newline at the end"));
  view.Finish();
  EXPECT_EQ(out.str(), "Step 1/1 : RUN echo hi\nhi\nno newline at the end\n");
}

}  // namespace
}  // namespace ds01::cli
