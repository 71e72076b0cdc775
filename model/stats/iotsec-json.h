/*
 * Copyright (c) 2026 iotsec authors
 *
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef IOTSEC_JSON_H
#define IOTSEC_JSON_H

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup iotsec
 * \brief A small JSON value: null, bool, integer, number, string, array or object.
 *
 * Used by the results sink (the results contract, see doc/iotsec.rst) and by tests that read
 * the JSON back. Objects keep their keys in insertion order so that the files a run writes are
 * stable and easy to diff. Non-finite numbers have no JSON form and are written as null.
 */
class JsonValue
{
  public:
    /// The kind of value held.
    enum Type
    {
        NUL,     //!< null
        BOOL,    //!< true or false
        INTEGER, //!< a signed 64-bit integer
        NUMBER,  //!< a double
        STRING,  //!< a UTF-8 string
        ARRAY,   //!< an ordered list of values
        OBJECT   //!< an ordered map from string keys to values
    };

    /// Construct null.
    JsonValue();
    /// \param value a boolean
    JsonValue(bool value);
    /// \param value a floating-point number
    JsonValue(double value);
    /// \param value a string
    JsonValue(const std::string& value);
    /// \param value a NUL-terminated string
    JsonValue(const char* value);

    /**
     * \brief Construct an integer from any integral type other than bool.
     * \param value the integer
     */
    template <typename T,
              typename std::enable_if<std::is_integral<T>::value && !std::is_same<T, bool>::value,
                                      int>::type = 0>
    JsonValue(T value)
        : m_type(INTEGER),
          m_integer(static_cast<int64_t>(value))
    {
    }

    /// \return an empty array
    static JsonValue Array();
    /// \return an empty object
    static JsonValue Object();

    /// \return the kind of value held
    Type GetType() const;
    /// \return true if the value is null
    bool IsNull() const;
    /// \return true if the value is an integer or a number
    bool IsNumeric() const;

    /// \return the boolean (the value must be a BOOL)
    bool AsBool() const;
    /// \return the integer (the value must be an INTEGER)
    int64_t AsInteger() const;
    /// \return the value as a double (the value must be numeric)
    double AsDouble() const;
    /// \return the string (the value must be a STRING)
    const std::string& AsString() const;

    /**
     * \brief Append to an array.
     * \param value the element
     * \return this array
     */
    JsonValue& Append(JsonValue value);
    /// \return the number of elements of an array or members of an object
    std::size_t Size() const;
    /**
     * \param i index
     * \return the i-th element of an array
     */
    const JsonValue& At(std::size_t i) const;

    /**
     * \brief Set a member of an object, replacing an existing member with the same key.
     * \param key the key
     * \param value the value
     * \return this object
     */
    JsonValue& Set(const std::string& key, JsonValue value);
    /**
     * \param key the key
     * \return true if this object has a member with that key
     */
    bool Has(const std::string& key) const;
    /**
     * \param key the key (must exist)
     * \return the member's value
     */
    const JsonValue& Get(const std::string& key) const;
    /// \return the keys of an object, in insertion order
    std::vector<std::string> Keys() const;

    /**
     * \brief Serialize.
     * \param indent spaces per level; a negative value gives the compact form on one line
     * \return the JSON text
     */
    std::string Dump(int indent = -1) const;

    /**
     * \brief Parse JSON text (RFC 8259).
     * \param text the text
     * \param[out] out the parsed value
     * \param[out] error if non-null, receives a description of the first error
     * \return true on success
     */
    static bool Parse(const std::string& text, JsonValue& out, std::string* error = nullptr);

    /**
     * \param s a string
     * \return s as a quoted, escaped JSON string
     */
    static std::string Quote(const std::string& s);

  private:
    /**
     * \brief Serialize into a buffer.
     * \param out the buffer
     * \param indent spaces per level, or negative for the compact form
     * \param level current nesting level
     */
    void DumpTo(std::string& out, int indent, int level) const;

    Type m_type;                                             //!< kind of value
    bool m_bool{false};                                      //!< BOOL value
    int64_t m_integer{0};                                    //!< INTEGER value
    double m_number{0};                                      //!< NUMBER value
    std::string m_string;                                    //!< STRING value
    std::vector<JsonValue> m_array;                          //!< ARRAY elements
    std::vector<std::pair<std::string, JsonValue>> m_object; //!< OBJECT members, in order
};

} // namespace ns3

#endif /* IOTSEC_JSON_H */
