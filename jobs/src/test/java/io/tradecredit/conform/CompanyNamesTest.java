package io.tradecredit.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CompanyNamesTest {
  @Test
  void registrationNumbers() {
    assertEquals("91310000AB", CompanyNames.number("9131-0000.ab"));
    assertEquals("HRB12345", CompanyNames.number(" HRB 123/45 "));
    assertEquals("CN:91310000AB", CompanyNames.companyId("cn", "9131 0000-AB"));
    assertNull(CompanyNames.number(" .-/ "));
    assertNull(CompanyNames.companyId("DE", null));
  }

  @Test
  void namesAcrossLegalForms() {
    assertEquals("BRIGHT LIGHTING", CompanyNames.name("Bright Lighting Co., Ltd."));
    assertEquals("BRIGHT LIGHTING", CompanyNames.name("BRIGHT LIGHTING CO LTD"));
    assertEquals("MULLER MASCHINENBAU", CompanyNames.name("Müller Maschinenbau GmbH"));
    assertEquals("SOCIETE GENERALE DU SUD", CompanyNames.name("Société Générale du Sud S.A."));
    assertEquals("ANADOLU TEKSTIL", CompanyNames.name("Anadolu Tekstil Ltd. Şti."));
    assertEquals("EGE GIDA", CompanyNames.name("Ege Gıda A.Ş."));
    assertEquals("SAO PAULO ALIMENTOS", CompanyNames.name("São Paulo Alimentos Ltda."));
    assertEquals("DUC THANH", CompanyNames.name("Công ty TNHH Đức Thành"));
    assertEquals("MAJU JAYA", CompanyNames.name("PT Maju Jaya Tbk"));
    assertEquals("SHENZHEN HUAXING DIANZI", CompanyNames.name("Shenzhen Huaxing Dianzi Youxian Gongsi"));
    assertNull(CompanyNames.name("Co., Ltd."));
  }
}
