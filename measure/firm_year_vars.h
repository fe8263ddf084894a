// Firm-year variables computed from customs transactions (paper 003, §3.2.3 and §4):
//   export_value, n_shipments, n_products (HS8), n_destinations — over rows with value > 0;
//   flex   = (sd / mean of the year's shipment values) × ln(number of shipments), the coefficient
//            of variation with the sample sd (n − 1); 0 for a single shipment, since ln 1 = 0;
//   lncnpd = ln(1 + cumulative number of new destination-product pairs since the base year): a pair
//            is new in the first year the firm exports it after the base year (pairs already
//            exported in the base year are the starting stock, not new); ln(1 + ·) keeps firms
//            with no new pair at 0.
#pragma once
#include <vector>

#include "db/customs_store.h"

namespace tradedig::measure {

struct CustomsFirmYear {
  std::vector<db::FirmYearValue> export_value, n_shipments, n_products, n_destinations, flex, lncnpd;
};

CustomsFirmYear customs_firm_year_vars(const db::CustomsColumns& customs, int base_year = 2000);

}  // namespace tradedig::measure
