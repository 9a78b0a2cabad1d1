#include "errors.hpp"

namespace emu {

std::string_view error_message(int error_num) noexcept {
  std::string_view m = error_table_message(error_num);
  return m.empty() ? std::string_view{"unknown error"} : m;
}

int http_status_for_error(int error_num) noexcept {
  // Rows of GeneralResponse::responseCode(ErrorCode); see error-http-map.md.
  // Graph errors 1941 to 1946 (e.g. 1942 must not drop collection, 1944 edge
  // definition is a document collection) have no row there: 500.
  switch (error_num) {
    case 10: case 17: case 600: case 1205: case 1208: case 1213: case 1214:
    case 1216: case 1218: case 1220: case 1221: case 1222: case 1226: case 1227:
    case 1229: case 1232: case 1233: case 1235: case 1237: case 1410: case 1411:
    case 1413: case 1450: case 1466: case 1468: case 1469: case 1501: case 1502:
    case 1504: case 1510: case 1511: case 1512: case 1522: case 1540: case 1541:
    case 1542: case 1543: case 1550: case 1551: case 1552: case 1553: case 1561:
    case 1562: case 1563: case 1569: case 1572: case 1573: case 1575: case 1578:
    case 1579: case 1580: case 1581: case 1620: case 1621: case 1651: case 1652:
    case 1653: case 1700: case 1850: case 1901: case 1906: case 1920: case 1921:
    case 1922: case 1923: case 1927: case 1928: case 1929: case 1935: case 1936:
    case 1938: case 1939: case 4000: case 4001: case 4002: case 4003:
    case 4004: case 4005: case 4006: case 4007: case 4008: case 4009:
      return 400;
    case 11: case 1004: case 1230:
      return 403;
    case 404: case 1202: case 1203: case 1212: case 1228: case 1238: case 1570:
    case 1571: case 1582: case 1591: case 1600: case 1655: case 1703: case 1852:
    case 1924: case 1926: case 1930: case 1932:
    // 3.10+ (arangodb PR 16732): a _from/_to collection that is not part of
    // the graph is 404; 1949 (3.12) likewise.
    case 1947: case 1949:
      return 404;
    case 1489: case 1490:
      return 406;
    case 1200: case 1207: case 1210: case 1447: case 1601: case 1702: case 1851:
    case 1925:
      return 409;
    case 21: case 1500: case 1654:
      return 410;
    case 412: case 1448:
      return 412;
    case 9: case 31: case 501: case 1470: case 1471: case 1477:
      return 501;
    case 30: case 503: case 1465: case 1478: case 1491: case 1495: case 1496:
      return 503;
    // HTTP-ish error numbers map onto themselves.
    case 400: return 400;
    case 401: return 401;
    case 403: return 403;
    case 405: return 405;
    default:
      return 500;
  }
}

}  // namespace emu
