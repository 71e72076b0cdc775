/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "results-sink.h"

#include "build-info.h"

#include "ns3/abort.h"
#include "ns3/global-value.h"
#include "ns3/log.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ResultsSink");

ResultsSink::ResultsSink(const std::string& scenario)
    : m_scenario(scenario),
      m_metrics(JsonValue::Object()),
      m_start(std::chrono::steady_clock::now())
{
    NS_LOG_FUNCTION(this << scenario);
}

void
ResultsSink::Parse(CommandLine& cmd, int argc, char* argv[])
{
    std::vector<std::string> args;
    for (int i = 0; i < argc; ++i)
    {
        args.emplace_back(argv[i]);
    }
    Parse(cmd, args);
}

void
ResultsSink::Parse(CommandLine& cmd, const std::vector<std::string>& args)
{
    NS_LOG_FUNCTION(this);
    cmd.AddValue("results",
                 "write the run's results as JSON to this file (the iotsec results contract); "
                 "without it a readable summary is printed",
                 m_resultsPath);
    cmd.Parse(args);
    RecordOverrides(args);
    if (!m_resultsPath.empty())
    {
        std::string error;
        if (!CheckWritable(m_resultsPath, &error))
        {
            std::cerr << "iotsec " << m_scenario << ": cannot write results to '" << m_resultsPath
                      << "': " << error << std::endl;
            std::exit(1);
        }
    }
    m_start = std::chrono::steady_clock::now();
}

void
ResultsSink::RecordOverrides(const std::vector<std::string>& args)
{
    for (std::size_t i = 1; i < args.size(); ++i)
    {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0)
        {
            continue;
        }
        std::string body = arg.substr(2);
        std::size_t eq = body.find('=');
        std::string name = body.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : body.substr(eq + 1);
        bool isAttribute = name.rfind("ns3::", 0) == 0;
        bool isGlobal = false;
        if (!isAttribute && name != "RngSeed" && name != "RngRun")
        {
            StringValue ignored;
            isGlobal = GlobalValue::GetValueByNameFailSafe(name, ignored);
        }
        if (isAttribute || isGlobal)
        {
            bool replaced = false;
            for (auto& o : m_overrides)
            {
                if (o.first == name)
                {
                    o.second = value;
                    replaced = true;
                }
            }
            if (!replaced)
            {
                m_overrides.emplace_back(name, value);
            }
        }
    }
}

const std::string&
ResultsSink::GetResultsPath() const
{
    return m_resultsPath;
}

void
ResultsSink::SetMetric(const std::string& name, const JsonValue& value)
{
    NS_LOG_FUNCTION(this << name);
    m_metrics.Set(name, value);
}

void
ResultsSink::SetSummaryMetrics(const std::string& name,
                               const std::string& unit,
                               std::vector<double> samples)
{
    SetMetric(name + "_n", static_cast<int64_t>(samples.size()));
    if (samples.empty())
    {
        for (const char* stat : {"_mean", "_p50", "_p95", "_max"})
        {
            SetMetric(name + stat + unit, JsonValue());
        }
        return;
    }
    double sum = 0;
    for (double x : samples)
    {
        sum += x;
    }
    SetMetric(name + "_mean" + unit, sum / static_cast<double>(samples.size()));
    SetMetric(name + "_p50" + unit, Percentile(samples, 50));
    SetMetric(name + "_p95" + unit, Percentile(samples, 95));
    SetMetric(name + "_max" + unit, *std::max_element(samples.begin(), samples.end()));
}

std::string
ResultsSink::FormatValue(double v, int precision)
{
    if (std::isnan(v))
    {
        return "n/a";
    }
    std::ostringstream os;
    os << std::fixed << std::setprecision(precision) << v;
    return os.str();
}

double
ResultsSink::Percentile(std::vector<double> samples, double q)
{
    NS_ABORT_MSG_IF(samples.empty(), "ResultsSink::Percentile of an empty sample");
    NS_ABORT_MSG_UNLESS(q >= 0 && q <= 100, "ResultsSink::Percentile: q=" << q);
    std::sort(samples.begin(), samples.end());
    double rank = q / 100.0 * static_cast<double>(samples.size() - 1);
    auto lo = static_cast<std::size_t>(std::floor(rank));
    std::size_t hi = std::min(lo + 1, samples.size() - 1);
    double frac = rank - static_cast<double>(lo);
    return samples[lo] + frac * (samples[hi] - samples[lo]);
}

bool
ResultsSink::HasMetric(const std::string& name) const
{
    return m_metrics.Has(name);
}

JsonValue
ResultsSink::ToJson() const
{
    JsonValue params = JsonValue::Object();
    for (const auto& p : m_params)
    {
        params.Set(p.first, p.second());
    }
    for (const auto& o : m_overrides)
    {
        params.Set(o.first, JsonValue(o.second));
    }
    JsonValue module = JsonValue::Object();
    module.Set("git", IotsecBuildInfo::GitCommit());

    JsonValue result = JsonValue::Object();
    result.Set("scenario", m_scenario);
    result.Set("params", params);
    result.Set("rngSeed", static_cast<int64_t>(RngSeedManager::GetSeed()));
    result.Set("rngRun", static_cast<int64_t>(RngSeedManager::GetRun()));
    result.Set("ns3Version", IotsecBuildInfo::Ns3Version());
    result.Set("module", module);
    result.Set("metrics", m_metrics);
    result.Set("simTime_s", m_simTime);
    result.Set("wallClock_s", m_wallClock);
    result.Set("events", static_cast<int64_t>(m_events));
    return result;
}

void
ResultsSink::PrintSummary(std::ostream& os) const
{
    JsonValue r = ToJson();
    auto text = [](const JsonValue& v) {
        return v.GetType() == JsonValue::STRING ? v.AsString() : v.Dump();
    };
    auto width = [](const JsonValue& obj) {
        std::size_t w = 0;
        for (const auto& k : obj.Keys())
        {
            w = std::max(w, k.size());
        }
        return static_cast<int>(w) + 2;
    };
    os << "iotsec scenario '" << m_scenario << "'  (RngSeed=" << RngSeedManager::GetSeed()
       << ", RngRun=" << RngSeedManager::GetRun() << ", ns-3 " << IotsecBuildInfo::Ns3Version()
       << ", iotsec " << IotsecBuildInfo::GitCommit() << ")\n";
    const JsonValue& params = r.Get("params");
    os << "parameters:\n";
    for (const auto& k : params.Keys())
    {
        os << "  " << std::left << std::setw(width(params)) << k << text(params.Get(k)) << "\n";
    }
    os << "metrics:\n";
    for (const auto& k : m_metrics.Keys())
    {
        os << "  " << std::left << std::setw(width(m_metrics)) << k << text(m_metrics.Get(k))
           << "\n";
    }
    os << "simulated " << m_simTime << " s in " << std::setprecision(3) << m_wallClock
       << " s wall clock, " << m_events << " events\n"
       << "(add --results=FILE to write this run as JSON)" << std::endl;
}

void
ResultsSink::EndSimulation()
{
    m_priorEvents += Simulator::GetEventCount();
    m_priorSimTime += Simulator::Now().GetSeconds();
}

int
ResultsSink::Finish()
{
    NS_LOG_FUNCTION(this);
    m_wallClock = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    m_events = m_priorEvents + Simulator::GetEventCount();
    m_simTime = m_priorSimTime + Simulator::Now().GetSeconds();
    m_finished = true;
    if (m_resultsPath.empty())
    {
        PrintSummary(std::cout);
        return 0;
    }
    std::string error;
    if (!WriteFileAtomically(m_resultsPath, ToJson().Dump(2) + "\n", &error))
    {
        std::cerr << "iotsec " << m_scenario << ": cannot write results to '" << m_resultsPath
                  << "': " << error << std::endl;
        return 1;
    }
    return 0;
}

namespace
{

/**
 * \param path a path
 * \return a temporary file name in the same directory, unique to this process
 */
std::string
TemporaryName(const std::string& path)
{
    return path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
}

} // namespace

bool
ResultsSink::CheckWritable(const std::string& path, std::string* error)
{
    if (path.empty())
    {
        if (error != nullptr)
        {
            *error = "empty path";
        }
        return false;
    }
    // Creating the temporary file the final write will use is the only test that holds for
    // every case (missing directory, permissions, read-only file system, running as root).
    std::string tmp = TemporaryName(path);
    std::ofstream probe(tmp, std::ios::out | std::ios::trunc);
    if (!probe.is_open())
    {
        if (error != nullptr)
        {
            *error = std::strerror(errno);
        }
        return false;
    }
    probe.close();
    std::remove(tmp.c_str());
    std::ifstream existing(path);
    if (existing.is_open())
    {
        existing.close();
        // An existing path must be a file that can be replaced, not a directory.
        std::ofstream replace(path, std::ios::out | std::ios::app);
        if (!replace.is_open())
        {
            if (error != nullptr)
            {
                *error = std::string("exists and cannot be replaced: ") + std::strerror(errno);
            }
            return false;
        }
    }
    return true;
}

bool
ResultsSink::WriteFileAtomically(const std::string& path,
                                 const std::string& content,
                                 std::string* error)
{
    std::string tmp = TemporaryName(path);
    {
        std::ofstream out(tmp, std::ios::out | std::ios::trunc | std::ios::binary);
        if (!out.is_open())
        {
            if (error != nullptr)
            {
                *error = std::strerror(errno);
            }
            return false;
        }
        out << content;
        out.flush();
        if (!out.good())
        {
            if (error != nullptr)
            {
                *error = "write failed";
            }
            out.close();
            std::remove(tmp.c_str());
            return false;
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
    {
        if (error != nullptr)
        {
            *error = std::string("rename failed: ") + std::strerror(errno);
        }
        std::remove(tmp.c_str());
        return false;
    }
    return true;
}

} // namespace ns3
