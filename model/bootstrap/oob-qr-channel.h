/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_OOB_QR_CHANNEL_H
#define IOTSEC_OOB_QR_CHANNEL_H

#include "oob-channel.h"

#include "ns3/vector.h"

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A QR code (ISO/IEC 18004) printed on a label or shown on a display, read by a
 * camera: a one-way out-of-band channel.
 *
 * A symbol of version V has 17 + 4V modules a side, so a module of a symbol SymbolSize wide
 * measures moduleSize = SymbolSize / (17 + 4V). A camera of focal length f pixels (times the
 * receiver's zoom, 10^(ReceiverGain/20)) sees it, at distance d, as
 *
 *     pixelsPerModule = f * zoom * moduleSize / d
 *
 * pixels; the symbol is decodable iff pixelsPerModule >= MinPixelsPerModule and the camera
 * sees the label within MaxViewAngle of its normal (LabelNormal), that is iff d <= d_max =
 * f * zoom * moduleSize / MinPixelsPerModule (GetMaxDecodingDistance()). A decodable symbol is
 * read with probability 1, any other never (OUT_OF_GEOMETRY): the error-correction level
 * absorbs blur, glare and damage, which are not modelled, nor is foreshortening. GetSnrDb()
 * returns the resolution margin 20 log10(pixelsPerModule / MinPixelsPerModule), so a
 * ReceiverGain adds to it as a zoom multiplies f.
 *
 * The whole symbol is read at once: a frame takes ScanLatency (aiming, focusing and decoding)
 * whatever its size, and DataRate plays no part. MaxPayload is the byte-mode capacity of the
 * Version at the ErrorCorrection level (ISO/IEC 18004 table 7; GetByteCapacity(), checked
 * against libqrencode by the ctest iotsec-qr-capacity). The symbol holds the SDU only: the
 * OobFrameHeader is the simulator's bookkeeping (a label has no addresses: whoever points a
 * camera at it reads it), so FrameOverhead is 0 and the header costs no capacity.
 *
 * Defaults: Version 3 and ErrorCorrection M (42 bytes: an identifier and a nonce with room to
 * spare); SymbolSize 0.025 m (a printed label); FocalLengthPixels 3000 (a phone's main
 * camera, about 4000 pixels across a 67-degree field); MinPixelsPerModule 3 (order of
 * magnitude for decoders); MaxViewAngle 45 degrees (order of magnitude); LabelNormal (0, 0,
 * 1) (a label facing up); ScanLatency 1.5 s (order of magnitude of aiming a phone and
 * decoding). With these d_max = 3000 * (0.025 / 29) / 3 = 0.86 m.
 *
 * One-way: devices on it are Transmitters (labels) or Receivers (cameras).
 */
class QrOobChannel : public OobChannel
{
  public:
    /// ISO/IEC 18004 error-correction levels
    enum ErrorCorrection
    {
        EC_L = 0, //!< about 7% of codewords recoverable
        EC_M = 1, //!< about 15%
        EC_Q = 2, //!< about 25%
        EC_H = 3, //!< about 30%
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    QrOobChannel();

    double GetSnrDb(Ptr<MobilityModel> tx,
                    Ptr<MobilityModel> rx,
                    double receiverGainDb) const override;
    /// \return 0 for a non-negative resolution margin, 1 otherwise
    double GetBitErrorRate(double snrDb) const override;
    bool IsInGeometry(Ptr<MobilityModel> tx,
                      Ptr<MobilityModel> rx,
                      double receiverGainDb) const override;
    double GetFrameSuccessProbability(Ptr<MobilityModel> tx,
                                      Ptr<MobilityModel> rx,
                                      double receiverGainDb,
                                      uint32_t bits) const override;
    /// \return ScanLatency, whatever the size
    Time GetTransmissionTime(uint32_t payloadBytes) const override;
    bool IsTwoWay() const override;
    /// \return the decoding distance of ordinary hardware (gain 0)
    double GetRange() const override;
    /// \return the byte-mode capacity of Version at ErrorCorrection
    uint32_t GetMaxPayload() const override;

    /// \return the side of a module (m)
    double GetModuleSize() const;

    /**
     * \param receiverGainDb the camera's zoom as a gain, 20 log10(zoom)
     * \return d_max = FocalLengthPixels * zoom * moduleSize / MinPixelsPerModule (m)
     */
    double GetMaxDecodingDistance(double receiverGainDb) const;

    /**
     * The byte-mode capacity of a symbol (ISO/IEC 18004:2015 table 7).
     * \param version 1 to 40
     * \param level the error-correction level
     * \return the capacity (bytes)
     */
    static uint32_t GetByteCapacity(uint32_t version, ErrorCorrection level);

  private:
    uint32_t m_version{0};          //!< symbol version
    ErrorCorrection m_level{EC_M};  //!< error-correction level
    double m_symbolSize{0};         //!< symbol side (m)
    double m_focalLengthPixels{0};  //!< camera focal length (pixels)
    double m_minPixelsPerModule{0}; //!< decoder threshold
    double m_maxViewAngleDeg{0};    //!< largest angle off the label's normal (degrees)
    Vector m_labelNormal;           //!< the label's normal
};

} // namespace ns3

#endif /* IOTSEC_OOB_QR_CHANNEL_H */
