/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_RESULTS_SINK_H
#define IOTSEC_RESULTS_SINK_H

#include "iotsec-json.h"

#include "ns3/command-line.h"
#include "ns3/nstime.h"

#include <chrono>
#include <functional>
#include <iosfwd>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief The one results sink of a scenario run: the results contract.
 *
 * Every iotsec example declares its command-line values through a ResultsSink, runs, sets its
 * named metrics, and calls Finish(). With `--results=FILE` the run writes one JSON object:
 *
 * \code
 * {"scenario": "...", "params": {...}, "rngSeed": 1, "rngRun": 3, "ns3Version": "3.37",
 *  "module": {"git": "..."}, "metrics": {...}, "simTime_s": 12.5, "wallClock_s": 2.41,
 *  "events": 123456}
 * \endcode
 *
 * `params` holds the final value of every CommandLine value declared with AddValue() (numbers
 * as numbers, booleans as booleans, Time in seconds, anything else as its string form), plus
 * every attribute or global value set on the command line (`--ns3::Type::Attr=v`), verbatim.
 * Metric names carry their SI unit (`latency_s`, `lln_bytes`, `energy_J`).
 *
 * Without `--results` the run prints a readable summary instead. A results path that cannot
 * be written is reported when the command line is parsed, before any simulation time is
 * spent, and the program exits with status 1. The file is written atomically (a temporary
 * file renamed into place), so an interrupted run never leaves a truncated result.
 *
 * Typical use:
 * \code
 * ResultsSink results("floor-echo");
 * CommandLine cmd(__FILE__);
 * uint32_t nodes = 5;
 * results.AddValue(cmd, "nodes", "number of nodes", nodes);
 * results.Parse(cmd, argc, argv);
 * ... build, Simulator::Run() ...
 * results.SetMetric("delivery_ratio", ratio);
 * int status = results.Finish(); // before Simulator::Destroy()
 * Simulator::Destroy();
 * return status;
 * \endcode
 */
class ResultsSink
{
  public:
    /// \param scenario the scenario's name, as `./iotsec run` knows it
    explicit ResultsSink(const std::string& scenario);

    /**
     * \brief Declare a command-line value and record its final value in `params`.
     * \tparam T the value's type (anything CommandLine::AddValue accepts)
     * \param cmd the command line
     * \param name the option name (`--name=value`)
     * \param help the help text
     * \param value the variable; it must outlive this sink
     */
    template <typename T>
    void AddValue(CommandLine& cmd, const std::string& name, const std::string& help, T& value)
    {
        cmd.AddValue(name, help, value);
        m_params.emplace_back(name, [&value]() { return ToJson(value); });
    }

    /**
     * \brief Add `--results`, parse the command line, check the results path, start the clock.
     *
     * Exits with status 1 and a message on stderr if the results file cannot be written.
     * \param cmd the command line, with every scenario value already declared
     * \param argc argument count
     * \param argv arguments
     */
    void Parse(CommandLine& cmd, int argc, char* argv[]);

    /**
     * \brief As Parse(cmd, argc, argv), from a vector whose first element is the program name.
     * \param cmd the command line
     * \param args the arguments
     */
    void Parse(CommandLine& cmd, const std::vector<std::string>& args);

    /// \return the `--results` path ("" when none was given)
    const std::string& GetResultsPath() const;

    /**
     * \brief Set (or replace) a named metric.
     * \param name the name, with its SI unit as a suffix where it has one
     * \param value the value
     */
    void SetMetric(const std::string& name, const JsonValue& value);

    /**
     * \brief Set the summary metrics of a sample: `<name>_n`, and `<name>_mean<unit>`,
     * `<name>_p50<unit>`, `<name>_p95<unit>`, `<name>_max<unit>` (null when the sample is empty).
     *
     * Percentiles interpolate linearly between order statistics (numpy's default method).
     * \param name the metric name without unit, for example "rtt"
     * \param unit the unit suffix including its underscore, for example "_s"
     * \param samples the sample
     */
    void SetSummaryMetrics(const std::string& name,
                           const std::string& unit,
                           std::vector<double> samples);

    /**
     * \brief A percentile of a sample, interpolating linearly between order statistics.
     * \param samples the sample (need not be sorted; must not be empty)
     * \param q the percentile, in [0, 100]
     * \return the percentile
     */
    static double Percentile(std::vector<double> samples, double q);

    /**
     * \brief Format a value for a printed table or summary.
     * \param v the value
     * \param precision decimals
     * \return it with that many decimals, or "n/a" for NaN (not measured)
     */
    static std::string FormatValue(double v, int precision);

    /**
     * \param name a metric name
     * \return true if the metric was set
     */
    bool HasMetric(const std::string& name) const;

    /// \return the result as the contract's JSON object, measured now
    JsonValue ToJson() const;

    /**
     * \brief Print the readable summary.
     * \param os the stream
     */
    void PrintSummary(std::ostream& os) const;

    /**
     * \brief For a program that runs several simulations in turn: count the events and
     * simulated time of the one that has just run, before Simulator::Destroy() resets them;
     * Finish() adds them to the last simulation's.
     */
    void EndSimulation();

    /**
     * \brief Measure wall clock and simulator events, then write the JSON or print the summary.
     *
     * Call it after Simulator::Run() and before Simulator::Destroy() (which resets the event
     * count).
     * \return the exit status for main(): 0, or 1 when the results could not be written
     */
    int Finish();

    /**
     * \brief Check that a results file can be created or overwritten at a path.
     * \param path the path
     * \param[out] error if non-null, why it cannot
     * \return true if it can
     */
    static bool CheckWritable(const std::string& path, std::string* error);

    /**
     * \brief Write a file atomically: to a temporary file in the same directory, then renamed.
     * \param path the path
     * \param content the bytes
     * \param[out] error if non-null, why it failed
     * \return true on success
     */
    static bool WriteFileAtomically(const std::string& path,
                                    const std::string& content,
                                    std::string* error);

    /**
     * \brief Convert a command-line variable to JSON.
     * \tparam T its type
     * \param v the value
     * \return the JSON value
     */
    template <typename T>
    static JsonValue ToJson(const T& v)
    {
        if constexpr (std::is_same<T, bool>::value)
        {
            return JsonValue(v);
        }
        else if constexpr (std::is_integral<T>::value)
        {
            return JsonValue(v);
        }
        else if constexpr (std::is_floating_point<T>::value)
        {
            return JsonValue(static_cast<double>(v));
        }
        else if constexpr (std::is_same<T, std::string>::value)
        {
            return JsonValue(v);
        }
        else if constexpr (std::is_same<T, Time>::value)
        {
            return JsonValue(v.GetSeconds());
        }
        else
        {
            std::ostringstream os;
            os << v;
            return JsonValue(os.str());
        }
    }

  private:
    /**
     * \brief Record `--ns3::...=v` and global values given on the command line.
     * \param args the arguments
     */
    void RecordOverrides(const std::vector<std::string>& args);

    std::string m_scenario;                                                   //!< scenario name
    std::string m_resultsPath;                                                //!< --results
    std::vector<std::pair<std::string, std::function<JsonValue()>>> m_params; //!< declared values
    std::vector<std::pair<std::string, std::string>> m_overrides;             //!< attributes set
    JsonValue m_metrics;                                                      //!< named metrics
    std::chrono::steady_clock::time_point m_start;                            //!< wall clock start
    bool m_finished{false};                                                   //!< Finish() called
    double m_wallClock{0};     //!< measured at Finish
    uint64_t m_events{0};      //!< measured at Finish
    double m_simTime{0};       //!< measured at Finish
    uint64_t m_priorEvents{0}; //!< events of earlier simulations (EndSimulation)
    double m_priorSimTime{0};  //!< simulated seconds of earlier simulations
};

} // namespace ns3

#endif /* IOTSEC_RESULTS_SINK_H */
