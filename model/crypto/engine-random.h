/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_ENGINE_RANDOM_H
#define IOTSEC_ENGINE_RANDOM_H

#include "ns3/ptr.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{

class UniformRandomVariable;

/**
 * \ingroup iotsec
 * \brief The randomness a sans-I/O protocol engine draws (randoms, cookies, tokens, jitter).
 *
 * Engines never call a global RNG. Their binding gives them an EngineRandom: in simulations
 * one backed by an ns-3 RandomVariableStream (so that a given RngSeed/RngRun gives
 * byte-identical runs), on real sockets one backed by the operating system.
 */
class EngineRandom
{
  public:
    virtual ~EngineRandom() = default;

    /**
     * \brief Fill a buffer with uniformly distributed random bytes.
     * \param out the buffer
     * \param n its size
     */
    virtual void Fill(uint8_t* out, std::size_t n) = 0;

    /**
     * \param min lower bound
     * \param max upper bound
     * \return a uniformly distributed real in [min, max)
     */
    virtual double Uniform(double min, double max) = 0;

    /**
     * \param min lower bound
     * \param max upper bound (inclusive)
     * \return a uniformly distributed integer in [min, max]
     */
    uint32_t Integer(uint32_t min, uint32_t max);
};

/**
 * \ingroup iotsec
 * \brief EngineRandom backed by an ns-3 UniformRandomVariable (reproducible, AssignStreams).
 */
class StreamEngineRandom : public EngineRandom
{
  public:
    /// \param stream the random variable (its stream should be fixed with AssignStreams)
    explicit StreamEngineRandom(Ptr<UniformRandomVariable> stream);
    void Fill(uint8_t* out, std::size_t n) override;
    double Uniform(double min, double max) override;

  private:
    Ptr<UniformRandomVariable> m_stream; //!< the ns-3 stream
};

/**
 * \ingroup iotsec
 * \brief EngineRandom backed by OpenSSL's RAND_bytes, for host bindings on real sockets.
 */
class HostEngineRandom : public EngineRandom
{
  public:
    void Fill(uint8_t* out, std::size_t n) override;
    double Uniform(double min, double max) override;
};

} // namespace ns3

#endif /* IOTSEC_ENGINE_RANDOM_H */
